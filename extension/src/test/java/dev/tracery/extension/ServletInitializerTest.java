package dev.tracery.extension;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.Test;

/** Which configuration decides whether the servlet initializer registers Tracery's filter. */
class ServletInitializerTest {

  @Test
  void reusesTheConfigurationTheExtensionRead() {
    try (TestApp app = TestApp.builder().config("tracery.enabled", "true").start()) {
      assertThat(app.extension().configuration().enabled()).isTrue();
      // The servlet context's loader sees no configuration: read again, tracing would be off.
      List<String> filters = new ArrayList<>();
      ClassLoader unconfigured = new ClassLoader("unconfigured", getClass().getClassLoader()) {};

      new TraceryServletInitializer().onStartup(Set.of(), context(unconfigured, filters));

      assertThat(filters).containsExactly(TraceryServletInitializer.FILTER_NAME);
    }
  }

  @Test
  void readsTheConfigurationWhereNoCdiContainerRuns() {
    ClassLoader loader = new ClassLoader("servlet-only", getClass().getClassLoader()) {};
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .forClassLoader(loader)
            .withSources(new PropertiesConfigSource(Map.of("tracery.enabled", "true"), "test", 500))
            .build();
    ConfigProviderResolver.instance().registerConfig(config, loader);
    try {
      List<String> filters = new ArrayList<>();

      new TraceryServletInitializer().onStartup(Set.of(), context(loader, filters));

      assertThat(filters).containsExactly(TraceryServletInitializer.FILTER_NAME);
    } finally {
      ConfigProviderResolver.instance().releaseConfig(config);
    }
  }

  /** A servlet context with this class loader that records the names of the filters added. */
  private static ServletContext context(ClassLoader classLoader, List<String> filters) {
    FilterRegistration.Dynamic registration =
        (FilterRegistration.Dynamic)
            Proxy.newProxyInstance(
                ServletInitializerTest.class.getClassLoader(),
                new Class<?>[] {FilterRegistration.Dynamic.class},
                (proxy, method, args) -> null);
    return (ServletContext)
        Proxy.newProxyInstance(
            ServletInitializerTest.class.getClassLoader(),
            new Class<?>[] {ServletContext.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "getClassLoader":
                  return classLoader;
                case "addFilter":
                  filters.add((String) args[0]);
                  return registration;
                default:
                  return null;
              }
            });
  }
}
