package dev.tracery.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.enterprise.inject.spi.DeploymentException;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.junit.jupiter.api.Test;

/**
 * Tracery refuses to start against OpenTelemetry classes other than the ones it was built with, and
 * says which and what to change. The mismatches here are real: older OpenTelemetry jars from Maven
 * Central (copied by the build to {@code target/older-opentelemetry}, not on the test class path)
 * loaded in front of the test class path's, as a server's copy or a BOM's pin would be.
 */
class OpenTelemetryVersionsTest {

  private static final String OLDER_API = "opentelemetry-api-1.48.0.jar";
  private static final String NEWER_INSTRUMENTATION_API =
      "opentelemetry-instrumentation-api-2.31.1.jar";

  /**
   * Loads the given jars' classes before the parent's, as {@code delegate="false"} or a BOM pin
   * would.
   */
  private static final class JarsFirst extends URLClassLoader {
    JarsFirst(ClassLoader parent, String... jars) {
      super("jars-first", urls(jars), parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> type = findLoadedClass(name);
        if (type == null) {
          try {
            type = findClass(name);
          } catch (ClassNotFoundException e) {
            return super.loadClass(name, resolve);
          }
        }
        return type;
      }
    }

    @Override
    public URL getResource(String name) {
      URL own = findResource(name);
      return own != null ? own : super.getResource(name);
    }

    private static URL[] urls(String... jars) {
      File dir =
          new File(System.getProperty("older.opentelemetry.dir", "target/older-opentelemetry"));
      URL[] urls = new URL[jars.length];
      for (int i = 0; i < jars.length; i++) {
        File jar = new File(dir, jars[i]);
        assertThat(jar).as("copied by the build").isFile();
        try {
          urls[i] = jar.toURI().toURL();
        } catch (MalformedURLException e) {
          throw new IllegalStateException(e);
        }
      }
      return urls;
    }
  }

  /** The test class path without the autoconfigure module, as an application that excluded it. */
  private static final class WithoutAutoconfigure extends ClassLoader {
    WithoutAutoconfigure(ClassLoader parent) {
      super("without-autoconfigure", parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("io.opentelemetry.sdk.autoconfigure.")
          && !name.startsWith("io.opentelemetry.sdk.autoconfigure.spi.")) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }
  }

  private static ClassLoader testClassPath() {
    return OpenTelemetryVersionsTest.class.getClassLoader();
  }

  @Test
  void theBuildRecordsTheVersionsItWasMadeWithAndTheyMatchItsClassPath() {
    assertThat(OpenTelemetryVersions.builtWith())
        .containsEntry("opentelemetry", OpenTelemetryVersions.version(OpenTelemetry.class))
        .containsEntry(
            "opentelemetry-instrumentation", OpenTelemetryVersions.version(Instrumenter.class));
    assertThat(OpenTelemetryVersions.builtWith().getProperty("opentelemetry"))
        .matches("\\d+\\.\\d+\\.\\d+");
    assertThat(OpenTelemetryVersions.check()).isEmpty();
  }

  @Test
  void namesEachJarAtAnotherVersionAndWhereItsClassesCameFrom() throws IOException {
    try (JarsFirst loader = new JarsFirst(testClassPath(), OLDER_API, NEWER_INSTRUMENTATION_API)) {
      List<String> problems =
          OpenTelemetryVersions.check(loader, OpenTelemetryVersions.builtWith());

      assertThat(problems).hasSize(3);
      assertThat(problems.get(0))
          .startsWith(
              "opentelemetry-api is 1.48.0, Tracery needs 1.63.0 (io.opentelemetry.api.OpenTelemetry loaded from ")
          .contains(OLDER_API);
      assertThat(problems.get(1))
          .startsWith("opentelemetry-instrumentation-api is 2.31.1, Tracery needs 2.29.0")
          .contains(NEWER_INSTRUMENTATION_API);
      assertThat(problems.get(2))
          .contains("let tracery-extension bring its OpenTelemetry jars")
          .contains("remove any opentelemetry-* dependency with scope provided")
          .contains("BOM import")
          .doesNotContain("server's own OpenTelemetry");
    }
  }

  @Test
  void classesFromOutsideTheApplicationGetTheServerAdvice() throws IOException {
    try (JarsFirst server = new JarsFirst(testClassPath(), OLDER_API);
        URLClassLoader application = new URLClassLoader("application", new URL[0], server)) {
      List<String> problems =
          OpenTelemetryVersions.check(application, OpenTelemetryVersions.builtWith());

      assertThat(problems).hasSize(2);
      assertThat(problems.get(0)).contains("by " + JarsFirst.class.getName() + " 'jars-first'");
      assertThat(problems.get(1))
          .contains("the server's own OpenTelemetry")
          .contains("exclude the opentelemetry and microprofile-telemetry subsystems")
          .contains("<class-loader delegate=\"false\"/>");
    }
  }

  @Test
  void namesAMissingJar() {
    List<String> problems =
        OpenTelemetryVersions.check(
            new WithoutAutoconfigure(testClassPath()), OpenTelemetryVersions.builtWith());

    assertThat(problems)
        .first()
        .asString()
        .isEqualTo(
            "opentelemetry-sdk-extension-autoconfigure is missing (no io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk); Tracery needs 1.63.0");
  }

  @Test
  void deploymentFailsWithWhatIsWrongAndWhatToChange() throws IOException {
    try (JarsFirst loader = new JarsFirst(testClassPath(), OLDER_API)) {
      List<String> mismatch =
          OpenTelemetryVersions.check(loader, OpenTelemetryVersions.builtWith());
      Throwable failure = catchThrowable(() -> start(new TraceryExtension(() -> mismatch), "true"));

      assertThat(failure).hasRootCauseInstanceOf(DeploymentException.class);
      assertThat(failure.getMessage())
          .contains("Tracery cannot start in '")
          .contains(
              "because it runs against OpenTelemetry classes other than the ones it was built with:")
          .contains("\n  - opentelemetry-api is 1.48.0, Tracery needs 1.63.0")
          .contains("\n  - Tracery was built with OpenTelemetry 1.63.0");
    }
  }

  @Test
  void withVersionCheckWarnTheDeploymentGoesOnAndTheMismatchIsLogged() {
    try (LogCaptures logs = LogCaptures.of("dev.tracery")) {
      start(
          new TraceryExtension(() -> List.of("opentelemetry-api is 1.48.0, Tracery needs 1.63.0")),
          Map.of("tracery.enabled", "true", "tracery.opentelemetry.version-check", "warn"));
      assertThat(logs.records())
          .anySatisfy(
              record ->
                  assertThat(record.getMessage())
                      .contains("tracery.opentelemetry.version-check=warn")
                      .contains("\n  - opentelemetry-api is 1.48.0, Tracery needs 1.63.0"));
    }
  }

  @Test
  void anUnknownVersionCheckValueFailsTheDeployment() {
    Throwable failure =
        catchThrowable(
            () ->
                start(
                    new TraceryExtension(List::of),
                    Map.of(
                        "tracery.enabled",
                        "true",
                        "tracery.opentelemetry.version-check",
                        "ignore")));
    assertThat(failure)
        .hasMessageContaining(
            "Invalid value 'ignore' for 'tracery.opentelemetry.version-check': expected fail or warn");
  }

  @Test
  void isNotConsultedWhileTracingIsOff() {
    start(
        new TraceryExtension(
            () -> {
              throw new AssertionError("checked while tracing is off");
            }),
        "false");
  }

  private static void start(TraceryExtension extension, String enabled) {
    start(extension, Map.of("tracery.enabled", enabled));
  }

  private static void start(TraceryExtension extension, Map<String, String> properties) {
    Map<String, String> all = new java.util.HashMap<>(properties);
    all.put("otel.traces.exporter", "none");
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .forClassLoader(loader)
            .withSources(new PropertiesConfigSource(all, "test-properties", 500))
            .build();
    ConfigProviderResolver.instance().registerConfig(config, loader);
    try {
      new Weld("versions-test")
          .disableDiscovery()
          .skipShutdownHook()
          .property("org.jboss.weld.executor.threadPoolType", "NONE")
          .addExtension(extension)
          .addBeanClass(TestSpans.class) // the test class path's exporter customizer looks it up
          .initialize()
          .shutdown();
    } finally {
      ConfigProviderResolver.instance().releaseConfig(config);
    }
  }
}
