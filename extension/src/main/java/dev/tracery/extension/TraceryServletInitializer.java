package dev.tracery.extension;

import dev.tracery.extension.config.TraceryConfig;
import dev.tracery.jaxrs.servlet.TracingServletFilter;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
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

  private static final Logger LOG = Logger.getLogger(TraceryServletInitializer.class.getName());

  static final String FILTER_NAME = "dev.tracery.TracingServletFilter";

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    if (!OptionalApis.jaxrs()) {
      return;
    }
    TraceryConfig config = configuration(context);
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

  /**
   * The configuration Tracery's extension read at deployment, where the application's CDI container
   * started before its servlet context (WildFly's deployment starts Weld first). Read again only
   * where no CDI container of this application can be found yet, or none has Tracery's extension (a
   * servlet container without CDI, an embedded one in a test).
   */
  private static TraceryConfig configuration(ServletContext context) {
    try {
      TraceryConfig read =
          CDI.current().getBeanManager().getExtension(TraceryExtension.class).configuration();
      if (read != null) {
        return read;
      }
    } catch (RuntimeException | LinkageError e) {
      if (LOG.isLoggable(Level.FINE)) {
        LOG.log(Level.FINE, "Tracery: no CDI container to take the configuration from", e);
      }
    }
    ClassLoader classLoader = context.getClassLoader();
    return TraceryConfig.read(
        ConfigProvider.getConfig(
            classLoader != null ? classLoader : TraceryServletInitializer.class.getClassLoader()));
  }
}
