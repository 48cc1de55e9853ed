package dev.tracery.benchmarks;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.enterprise.inject.spi.Extension;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/** A CDI application on Weld SE with its own MicroProfile Config, as a server would give it. */
public final class WeldApplication implements AutoCloseable {

  private final WeldContainer container;
  private final SmallRyeConfig config;

  private WeldApplication(WeldContainer container, SmallRyeConfig config) {
    this.container = container;
    this.config = config;
  }

  public static WeldApplication start(
      Map<String, String> properties, List<Extension> extensions, Class<?>... beans) {
    ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .addDefaultInterceptors()
            .withSources(new PropertiesConfigSource(properties, "benchmark", 500))
            // The peer, SmallRye OpenTelemetry, needs a newer instrumentation API than Tracery's
            // (see the
            // pom): Tracery runs against it here on purpose, so its version check only warns.
            .withSources(
                new PropertiesConfigSource(
                    Map.of("tracery.opentelemetry.version-check", "warn"),
                    "benchmark-defaults",
                    100))
            .build();
    ConfigProviderResolver.instance().registerConfig(config, classLoader);
    Weld weld =
        new Weld("benchmark-" + System.nanoTime())
            .disableDiscovery()
            .skipShutdownHook()
            .property("org.jboss.weld.executor.threadPoolType", "NONE")
            .addBeanClasses(beans);
    for (Extension extension : extensions) {
      weld.addExtension(extension);
    }
    try {
      return new WeldApplication(weld.initialize(), config);
    } catch (RuntimeException e) {
      ConfigProviderResolver.instance().releaseConfig(config);
      throw e;
    }
  }

  public jakarta.enterprise.inject.spi.BeanManager beanManager() {
    return container.getBeanManager();
  }

  public <T> T bean(Class<T> type) {
    return container.select(type).get();
  }

  @Override
  public void close() {
    try {
      container.shutdown();
    } finally {
      ConfigProviderResolver.instance().releaseConfig(config);
    }
  }
}
