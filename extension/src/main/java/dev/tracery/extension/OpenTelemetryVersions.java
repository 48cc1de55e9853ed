package dev.tracery.extension;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Checks, at deployment, that Tracery runs against the OpenTelemetry classes it was built with.
 *
 * <p>An application coming from MicroProfile Telemetry often declares {@code opentelemetry-api} as
 * {@code provided}, or imports a BOM (OpenTelemetry's, or a server's) that pins other OpenTelemetry
 * versions. Then the application gets the server's OpenTelemetry classes, or Tracery's jars at
 * versions it was never built with, and fails later with a {@code NoSuchMethodError}, or silently
 * behaves differently. For each OpenTelemetry jar Tracery uses, this looks up one of its classes
 * through Tracery's own class loader and compares the version that jar declares (its manifest, or
 * the {@code version.properties} OpenTelemetry puts beside its classes) with the version Tracery
 * was built with ({@code built-with.properties}, filled in by the build). Uses reflection only: it
 * names no OpenTelemetry type, so it can run before any is linked.
 */
final class OpenTelemetryVersions {

  static final String BUILT_WITH = "built-with.properties";

  /**
   * One jar Tracery needs, a class only that jar has, and which built-with version it must match.
   */
  static final class Component {
    final String artifact;
    final String probeClass;
    final String versionKey;

    Component(String artifact, String probeClass, String versionKey) {
      this.artifact = artifact;
      this.probeClass = probeClass;
      this.versionKey = versionKey;
    }
  }

  private static final String OTEL = "opentelemetry";

  static final List<Component> COMPONENTS =
      List.of(
          new Component("opentelemetry-api", "io.opentelemetry.api.OpenTelemetry", OTEL),
          new Component("opentelemetry-context", "io.opentelemetry.context.Context", OTEL),
          new Component("opentelemetry-common", "io.opentelemetry.common.ComponentLoader", OTEL),
          new Component("opentelemetry-sdk", "io.opentelemetry.sdk.OpenTelemetrySdk", OTEL),
          new Component(
              "opentelemetry-sdk-common",
              "io.opentelemetry.sdk.common.CompletableResultCode",
              OTEL),
          new Component(
              "opentelemetry-sdk-trace", "io.opentelemetry.sdk.trace.SdkTracerProvider", OTEL),
          new Component(
              "opentelemetry-sdk-extension-autoconfigure",
              "io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk",
              OTEL),
          new Component(
              "opentelemetry-sdk-extension-autoconfigure-spi",
              "io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties",
              OTEL),
          new Component(
              "opentelemetry-exporter-otlp",
              "io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter",
              OTEL),
          new Component(
              "opentelemetry-instrumentation-api",
              "io.opentelemetry.instrumentation.api.instrumenter.Instrumenter",
              "opentelemetry-instrumentation"),
          new Component(
              "opentelemetry-instrumentation-annotations",
              "io.opentelemetry.instrumentation.annotations.WithSpan",
              "opentelemetry-instrumentation-annotations"));

  private OpenTelemetryVersions() {}

  /** The versions this build of Tracery was made with; empty if the build left them out. */
  static Properties builtWith() {
    Properties properties = new Properties();
    try (InputStream in = OpenTelemetryVersions.class.getResourceAsStream(BUILT_WITH)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // Then nothing is compared.
    }
    return properties;
  }

  /**
   * Problems with the OpenTelemetry classes Tracery's own class loader sees; empty when all match.
   */
  static List<String> check() {
    return check(OpenTelemetryVersions.class.getClassLoader(), builtWith());
  }

  /**
   * Problems with the OpenTelemetry classes {@code loader} gives Tracery: for each jar found at
   * another version than {@code builtWith} names, or missing, one line; then one line saying what
   * to change. Empty when all match. A jar whose version cannot be read is given the benefit of the
   * doubt.
   */
  static List<String> check(ClassLoader loader, Properties builtWith) {
    List<String> found = new ArrayList<>();
    boolean fromElsewhere = false;
    for (Component component : COMPONENTS) {
      String expected = builtWith.getProperty(component.versionKey);
      if (expected == null || expected.isEmpty() || expected.startsWith("${")) {
        continue;
      }
      Class<?> probe;
      try {
        probe = Class.forName(component.probeClass, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        found.add(
            component.artifact
                + " is missing (no "
                + component.probeClass
                + "); Tracery needs "
                + expected);
        continue;
      }
      String actual = version(probe);
      if (actual == null || actual.equals(expected)) {
        continue;
      }
      fromElsewhere |= probe.getClassLoader() != loader;
      found.add(
          component.artifact
              + " is "
              + actual
              + ", Tracery needs "
              + expected
              + " ("
              + component.probeClass
              + " loaded from "
              + origin(probe)
              + ")");
    }
    if (found.isEmpty()) {
      return found;
    }
    List<String> problems = new ArrayList<>(found);
    problems.add(advice(builtWith.getProperty(OTEL), fromElsewhere));
    return problems;
  }

  private static String advice(String otelVersion, boolean fromElsewhere) {
    StringBuilder advice =
        new StringBuilder(
            "Tracery was built with OpenTelemetry "
                + otelVersion
                + " and bundles it: let tracery-extension bring its OpenTelemetry jars into WEB-INF/lib. In the application's pom, remove any opentelemetry-* dependency with scope provided, and any BOM import that pins OpenTelemetry versions (io.opentelemetry:opentelemetry-bom, a server's BOM), or pin them to the versions above.");
    if (fromElsewhere) {
      advice.append(
          " Classes came from outside the application (the server's own OpenTelemetry): on WildFly, exclude the opentelemetry and microprofile-telemetry subsystems in WEB-INF/jboss-deployment-structure.xml; on Payara, set <class-loader delegate=\"false\"/> in WEB-INF/glassfish-web.xml.");
    }
    return advice.toString();
  }

  /**
   * The version the jar of {@code type} declares: its manifest's Implementation-Version, else the
   * {@code sdk.version} of the {@code version.properties} OpenTelemetry puts in each package root
   * of its jars. Null when neither says.
   */
  static String version(Class<?> type) {
    Package pkg = type.getPackage();
    String version = pkg == null ? null : pkg.getImplementationVersion();
    if (version != null && !version.isEmpty()) {
      return version;
    }
    try (InputStream in = type.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        String fromFile = properties.getProperty("sdk.version");
        return fromFile == null || fromFile.isEmpty() ? null : fromFile;
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  /** Where {@code type} was loaded from: its jar when known, and its class loader. */
  private static String origin(Class<?> type) {
    String location = null;
    try {
      CodeSource source = type.getProtectionDomain().getCodeSource();
      URL url = source == null ? null : source.getLocation();
      location = url == null ? null : url.toString();
    } catch (RuntimeException e) {
      // a security manager, or a class loader that does not say
    }
    ClassLoader classLoader = type.getClassLoader();
    // The loader's name and class, not its toString(): some servers' loaders list every jar they
    // hold there.
    String loaderName =
        classLoader == null
            ? "the bootstrap class loader"
            : classLoader.getClass().getName()
                + (classLoader.getName() == null ? "" : " '" + classLoader.getName() + "'");
    return (location == null ? "" : location + ", ") + "by " + loaderName;
  }
}
