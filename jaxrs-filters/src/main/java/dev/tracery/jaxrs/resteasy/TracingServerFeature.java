package dev.tracery.jaxrs.resteasy;

import dev.tracery.jaxrs.internal.TracingLookup;
import dev.tracery.jaxrs.server.TracingResourceFilter;
import dev.tracery.jaxrs.server.TracingServerFilter;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.util.logging.Logger;

/**
 * RESTEasy (WildFly) only: registers Tracery's server filters with a JAX-RS application when it is
 * deployed, and only if tracing is on for its deployment, so that with tracing off RESTEasy runs no
 * filter of Tracery's at all (issue 14). Listed in {@code
 * META-INF/services/jakarta.ws.rs.ext.Providers}, which only RESTEasy reads; Jersey (Payara) gets
 * the same decision from {@link TraceryJerseyAutoDiscoverable}. It also installs {@link
 * ResteasyMappedExceptions}, which records mapped exceptions without a CDI interceptor.
 */
@ConstrainedTo(RuntimeType.SERVER)
public class TracingServerFeature implements Feature {

  @Override
  public boolean configure(FeatureContext context) {
    if (context.getConfiguration().getRuntimeType() == RuntimeType.CLIENT
        || !TracingLookup.tracingDeployed()) {
      return false;
    }
    register(context, TracingServerFilter.class);
    register(context, TracingResourceFilter.class);
    register(context, ResteasyContextPropagation.class);
    if (TracingLookup.recordsMappedExceptions()
        && !ResteasyMappedExceptions.install(context.getConfiguration())) {
      Logger.getLogger(TracingServerFeature.class.getName())
          .warning(
              "Tracery: this JAX-RS runtime is not the RESTEasy Tracery knows; exceptions mapped to"
                  + " responses are not recorded on server spans");
    }
    return true;
  }

  private static void register(FeatureContext context, Class<?> component) {
    if (!context.getConfiguration().isRegistered(component)) {
      context.register(component);
    }
  }
}
