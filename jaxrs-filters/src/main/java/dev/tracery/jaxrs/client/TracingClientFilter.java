package dev.tracery.jaxrs.client;

import dev.tracery.jaxrs.internal.JaxrsTracing;
import dev.tracery.jaxrs.internal.TracingLookup;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;

/**
 * Makes a CLIENT span of every request sent through a JAX-RS client or a MicroProfile Rest Client,
 * and writes the trace context into its headers with the configured propagators. The span is not
 * made current; it ends when the response arrives (synchronous, {@code async()} and {@code rx()}
 * calls alike).
 *
 * <p>Applied automatically: RESTEasy (WildFly) applies the providers listed in Tracery's {@code
 * META-INF/services/jakarta.ws.rs.ext.Providers} to every client of the deployment; on Jersey
 * (Payara) Tracery's auto-discoverable registers it. Elsewhere, {@code
 * client.register(TracingClientFilter.class)}. Registering it twice does no harm: a request already
 * traced is left alone. (No {@code @Provider}: with both, RESTEasy warns at every deployment that
 * the filter is registered twice.)
 */
@Priority(Priorities.HEADER_DECORATOR)
public class TracingClientFilter implements ClientRequestFilter, ClientResponseFilter {

  private final TracingLookup lookup = new TracingLookup(TracingClientFilter.class);

  @Override
  public void filter(ClientRequestContext request) {
    JaxrsTracing tracing = lookup.get();
    if (tracing == null || request.getProperty(ClientCall.PROPERTY) != null) {
      return;
    }
    try {
      Object parentProperty = request.getProperty(ClientCall.PARENT);
      Context parent =
          parentProperty instanceof Context ? (Context) parentProperty : Context.current();
      Instrumenter<ClientRequestContext, ClientResponseContext> client = tracing.client();
      if (client.shouldStart(parent, request)) {
        request.setProperty(
            ClientCall.PROPERTY, new ClientCall(client, client.start(parent, request)));
      }
    } catch (RuntimeException | LinkageError e) {
      tracing.logOnce(
          "client-request", "a client request filter failed; the call is not traced", e);
    }
  }

  @Override
  public void filter(ClientRequestContext request, ClientResponseContext response) {
    Object property = request.getProperty(ClientCall.PROPERTY);
    if (property instanceof ClientCall) {
      try {
        ((ClientCall) property).end(request, response, null);
      } catch (RuntimeException | LinkageError e) {
        JaxrsTracing tracing = lookup.get();
        if (tracing != null) {
          tracing.logOnce("client-response", "a client response filter failed", e);
        }
      }
    }
  }
}
