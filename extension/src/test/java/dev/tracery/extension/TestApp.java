package dev.tracery.extension;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * One application under test: a Weld SE container with Tracery's extension, the given beans and
 * MicroProfile Config (SmallRye Config) holding the given properties, registered for the
 * application's class loader as a server would. Spans go to the in-memory exporter of {@link
 * TestSpans}, synchronously unless the configuration names the batching {@code memory} exporter.
 */
final class TestApp implements AutoCloseable {

  private static final AtomicInteger IDS = new AtomicInteger();

  private final WeldContainer container;
  private final SmallRyeConfig config;
  private final ClassLoader classLoader;

  private TestApp(WeldContainer container, SmallRyeConfig config, ClassLoader classLoader) {
    this.container = container;
    this.config = config;
    this.classLoader = classLoader;
  }

  static Builder builder() {
    return new Builder();
  }

  /** A container with tracing on ({@code tracery.enabled=true}) and the given beans. */
  static TestApp enabled(Class<?>... beans) {
    return builder().config("tracery.enabled", "true").beans(beans).start();
  }

  <T> T bean(Class<T> type) {
    return container.select(type).get();
  }

  <T> Instance<T> select(Class<T> type) {
    return container.select(type);
  }

  InMemorySpanExporter exporter() {
    return bean(TestSpans.class).exporter();
  }

  List<SpanData> spans() {
    return exporter().getFinishedSpanItems();
  }

  /** The application's class loader: its own when started {@link Builder#isolated()}. */
  ClassLoader classLoader() {
    return classLoader;
  }

  TraceryExtension extension() {
    return container.getBeanManager().getExtension(TraceryExtension.class);
  }

  @Override
  public void close() {
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(classLoader);
    try {
      if (container.isRunning()) {
        container.shutdown();
      }
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
      ConfigProviderResolver.instance().releaseConfig(config);
    }
  }

  static final class Builder {
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<Class<?>> beans = new ArrayList<>();
    private ClassLoader classLoader;

    Builder config(String key, String value) {
      properties.put(key, value);
      return this;
    }

    /**
     * An environment variable as the server process would have it, e.g. {@code OTEL_SERVICE_NAME}.
     */
    Builder env(String name, String value) {
      environment.put(name, value);
      return this;
    }

    Builder beans(Class<?>... types) {
      beans.addAll(List.of(types));
      return this;
    }

    /** Starts the application with its own class loader, as a second deployment would have. */
    Builder isolated() {
      classLoader =
          new ClassLoader(
              "test-app-" + IDS.get(), Thread.currentThread().getContextClassLoader()) {};
      return this;
    }

    TestApp start() {
      // Tests export through the in-memory exporter (MemoryExportCustomizer), not to a collector.
      properties.putIfAbsent("otel.traces.exporter", "none");
      ClassLoader appLoader =
          classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
      SmallRyeConfig config =
          new SmallRyeConfigBuilder()
              .forClassLoader(appLoader)
              .addDefaultInterceptors()
              .addSystemSources()
              .withSources(new PropertiesConfigSource(properties, "test-properties", 500))
              .withSources(new EnvConfigSource(environment, 300))
              .build();
      ConfigProviderResolver.instance().registerConfig(config, appLoader);
      ClassLoader previous = Thread.currentThread().getContextClassLoader();
      Thread.currentThread().setContextClassLoader(appLoader);
      try {
        Weld weld =
            new Weld("tracery-test-" + IDS.incrementAndGet())
                .disableDiscovery()
                .skipShutdownHook()
                // Bootstrap on the calling thread, so thread counts in tests are Tracery's alone.
                .property("org.jboss.weld.executor.threadPoolType", "NONE")
                .setClassLoader(appLoader)
                .addExtension(new TraceryExtension())
                .addBeanClass(TestSpans.class);
        for (Class<?> bean : beans) {
          weld.addBeanClass(bean);
        }
        return new TestApp(weld.initialize(), config, appLoader);
      } catch (RuntimeException | Error e) {
        ConfigProviderResolver.instance().releaseConfig(config);
        throw e;
      } finally {
        Thread.currentThread().setContextClassLoader(previous);
      }
    }
  }
}
