package dev.tracery.jaxrs;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;

/**
 * Once JAX-RS has matched the request to a resource method, names the server span after its route,
 * {@code GET /api/orders/{id}}, from the {@code @Path} templates: application path, class, method.
 *
 * <p>Outside a servlet container it also closes the request thread's scope before an asynchronous
 * resource method runs, because nothing else could close it on that thread.
 */
@Priority(Priorities.USER + 1000)
public class TracingResourceFilter implements ContainerRequestFilter {

  private final TracingLookup lookup = new TracingLookup(TracingResourceFilter.class);

  @Context private ResourceInfo resourceInfo;

  @Override
  public void filter(ContainerRequestContext request) {
    Object property = request.getProperty(ServerCall.PROPERTY);
    if (!(property instanceof ServerCall)) {
      return;
    }
    ServerCall call = (ServerCall) property;
    JaxrsTracing tracing = lookup.get();
    if (tracing == null || resourceInfo == null) {
      return;
    }
    try {
      JaxrsTracing.MatchedMethod matched = tracing.route(call, resourceInfo, applicationPath(request, call.contextPath));
      if (matched != null && matched.async && request.getProperty(TracingServletFilter.ACTIVE) == null) {
        call.closeScopeOnThisThread();
      }
    } catch (RuntimeException | LinkageError e) {
      tracing.logOnce("route", "the route of a request could not be determined", e);
    }
  }

  /** The application's path below the context root: the base URI's path without the context path. */
  static String applicationPath(ContainerRequestContext request, String contextPath) {
    String base = request.getUriInfo().getBaseUri().getRawPath();
    if (base == null) {
      return "";
    }
    return contextPath != null && !contextPath.isEmpty() && base.startsWith(contextPath)
        ? base.substring(contextPath.length())
        : base;
  }
}
