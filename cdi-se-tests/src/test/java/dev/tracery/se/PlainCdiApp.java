package dev.tracery.se;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * A plain CDI application as a batch job or a command-line tool starts one: {@code new
 * Weld().initialize()} with bean discovery over the class path (this module's {@code
 * META-INF/beans.xml}), Tracery's extension found through its service file as in any application,
 * and MicroProfile Config (SmallRye Config) holding the given properties.
 */
final class PlainCdiApp implements AutoCloseable {

  private static final AtomicInteger IDS = new AtomicInteger();

  private final WeldContainer container;
  private final SmallRyeConfig config;

  private PlainCdiApp(WeldContainer container, SmallRyeConfig config) {
    this.container = container;
    this.config = config;
  }

  static PlainCdiApp start(Map<String, String> properties) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .forClassLoader(loader)
            .addDefaultSources()
            .addDefaultInterceptors()
            .withSources(new PropertiesConfigSource(properties, "test-properties", 500))
            .build();
    ConfigProviderResolver.instance().registerConfig(config, loader);
    try {
      WeldContainer container =
          new Weld("plain-cdi-" + IDS.incrementAndGet()).skipShutdownHook().initialize();
      return new PlainCdiApp(container, config);
    } catch (RuntimeException | Error e) {
      ConfigProviderResolver.instance().releaseConfig(config);
      throw e;
    }
  }

  <T> T bean(Class<T> type) {
    return container.select(type).get();
  }

  @Override
  public void close() {
    try {
      if (container.isRunning()) {
        container.shutdown();
      }
    } finally {
      ConfigProviderResolver.instance().releaseConfig(config);
    }
  }
}
