package dev.tracery.jaxrs.jersey;

import dev.tracery.jaxrs.client.TracingClientFilter;
import dev.tracery.jaxrs.internal.TracingLookup;
import dev.tracery.jaxrs.server.TracingResourceFilter;
import dev.tracery.jaxrs.server.TracingServerFilter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.FeatureContext;
import org.glassfish.jersey.internal.spi.AutoDiscoverable;
import org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable;

/**
 * Jersey (Payara) only: registers Tracery's filters with every Jersey server application and
 * client, also when the application lists its classes itself ({@code Application.getClasses()}),
 * where Jersey would otherwise apply no {@code @Provider} of a library, and on every client, which
 * Jersey never applies {@code @Provider} client filters to by itself. The server filters only when
 * tracing is on for the application's deployment. Found through {@code
 * META-INF/services/org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable}.
 */
@Priority(AutoDiscoverable.DEFAULT_PRIORITY)
public class TraceryJerseyAutoDiscoverable implements ForcedAutoDiscoverable {

  @Override
  public void configure(FeatureContext context) {
    Configuration configuration = context.getConfiguration();
    if (configuration.getRuntimeType() == RuntimeType.SERVER) {
      if (!TracingLookup.tracingDeployed()) {
        return; // tracing is off: no filter of Tracery's in the request path (issue 14)
      }
      register(context, TracingServerFilter.class);
      register(context, TracingResourceFilter.class);
    } else {
      register(context, TracingClientFilter.class);
      register(context, TracingJerseyClientInterceptor.class);
    }
  }

  private static void register(FeatureContext context, Class<?> component) {
    if (!context.getConfiguration().isRegistered(component)) {
      context.register(component);
    }
  }
}
