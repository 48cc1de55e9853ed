package dev.tracery.jaxrs.server;

import dev.tracery.jaxrs.internal.JaxrsTracing;
import dev.tracery.jaxrs.internal.ServerCall;
import dev.tracery.jaxrs.internal.ServerCallGetter;
import dev.tracery.jaxrs.internal.ServerResponse;
import dev.tracery.jaxrs.internal.TracingLookup;
import dev.tracery.jaxrs.servlet.TracingServletFilter;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;

/**
 * Starts a SERVER span for every JAX-RS request, before matching (so requests that match no
 * resource are traced too), as a child of the trace context the request carries, and makes it
 * current on the request thread so everything the request causes joins the trace. Its response side
 * records the response; the span ends when the response is sent (see {@link TracingServletFilter}).
 *
 * <p>Runs first among request filters and last among response filters. Never throws into the
 * request: a failure of Tracery's leaves the request untraced.
 */
@PreMatching
@Priority(TracingServerFilter.PRIORITY)
public class TracingServerFilter implements ContainerRequestFilter, ContainerResponseFilter {

  /** Before authentication (1000), so even rejected requests are traced. */
  public static final int PRIORITY = 100;

  private final TracingLookup lookup = new TracingLookup(TracingServerFilter.class);

  private final Servlets servlets = new Servlets();

  @Context private HttpServletRequest servletRequest;

  @Override
  public void filter(ContainerRequestContext request) {
    JaxrsTracing tracing = lookup.get();
    if (tracing == null || request.getProperty(ServerCall.PROPERTY) != null) {
      return;
    }
    try {
      HttpServletRequest servlet = servlets.current(request, servletRequest);
      ServerCall call =
          new ServerCall(
              request, servlet, servlet != null && Servlets.wrappedByServletFilter(request));
      if (tracing.hasExcludedPaths() && excluded(tracing, call)) {
        return;
      }
      if (tracing.startServer(call)) {
        request.setProperty(ServerCall.PROPERTY, call);
      }
    } catch (RuntimeException | LinkageError e) {
      tracing.logOnce("server-request", "a request filter failed; the request is not traced", e);
    }
  }

  private static boolean excluded(JaxrsTracing tracing, ServerCall call) {
    ContainerRequestContext request = call.request;
    String path = ServerCallGetter.rawPath(call);
    String contextPath = call.contextPath == null ? "" : call.contextPath;
    String contextRelative =
        path.startsWith(contextPath) ? path.substring(contextPath.length()) : path;
    String applicationRelative = request.getUriInfo().getPath(false);
    if (!applicationRelative.startsWith("/")) {
      applicationRelative = "/" + applicationRelative;
    }
    return tracing.excluded(contextRelative, applicationRelative);
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Object property = request.getProperty(ServerCall.PROPERTY);
    if (!(property instanceof ServerCall)) {
      return;
    }
    ServerCall call = (ServerCall) property;
    try {
      call.responded(ServerResponse.of(response));
      if (!call.servletFilter) {
        // No servlet filter will see this request end (not a servlet container): end it here.
        call.closeScopeOnThisThread();
        call.end(null);
      }
    } catch (RuntimeException | LinkageError e) {
      JaxrsTracing tracing = lookup.get();
      if (tracing != null) {
        tracing.logOnce("server-response", "a response filter failed", e);
      }
    }
  }
}
