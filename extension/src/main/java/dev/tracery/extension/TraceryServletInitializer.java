package dev.tracery.extension;

import dev.tracery.jaxrs.servlet.TracingServletFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Registers Tracery's servlet filter in front of everything else while tracing is on: it gives
 * every request that JAX-RS does not serve (servlets, Jakarta Faces pages, JSPs) its SERVER span,
 * and for JAX-RS requests closes the scope on its own thread and ends the span when the response is
 * sent, for asynchronous resources too. Found by the servlet container through {@code
 * META-INF/services/jakarta.servlet.ServletContainerInitializer}; registers nothing while tracing
 * is off, nor in a servlet container without the JAX-RS API (the filter names JAX-RS types).
 */
public class TraceryServletInitializer implements ServletContainerInitializer {

  static final String FILTER_NAME = "dev.tracery.TracingServletFilter";

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    if (!OptionalApis.jaxrs()) {
      return;
    }
    ClassLoader classLoader = context.getClassLoader();
    TraceryConfig config =
        TraceryConfig.read(
            ConfigProvider.getConfig(
                classLoader != null
                    ? classLoader
                    : TraceryServletInitializer.class.getClassLoader()));
    if (!config.enabled() || JavaAgent.isAttached()) {
      return; // off, or the OpenTelemetry Java agent traces the requests
    }
    FilterRegistration.Dynamic filter = context.addFilter(FILTER_NAME, TracingServletFilter.class);
    if (filter == null) {
      return; // already registered under this name
    }
    filter.setAsyncSupported(true);
    filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
  }
}
