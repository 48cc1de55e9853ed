package dev.tracery.jaxrs.server;

import dev.tracery.jaxrs.internal.JaxrsTracing;
import dev.tracery.jaxrs.internal.ServerCall;
import dev.tracery.jaxrs.internal.TracingLookup;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import java.util.Objects;

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
      JaxrsTracing.MatchedMethod matched =
          tracing.route(call, resourceInfo, applicationPath(request, call));
      if (matched != null && matched.async && !call.servletFilter) {
        call.closeScopeOnThisThread();
      }
    } catch (RuntimeException | LinkageError e) {
      tracing.logOnce("route", "the route of a request could not be determined", e);
    }
  }

  /**
   * The application's path below the context root: the base URI's path without the context path.
   * Working it out makes the runtime build a URI, so it is remembered for the servlet (context path
   * and servlet path) the request came through, which in a servlet container serves one base path
   * only.
   */
  String applicationPath(ContainerRequestContext request, ServerCall call) {
    String contextPath = call.contextPath;
    ApplicationPath known = applicationPath;
    if (known != null
        && call.servletPath != null
        && call.servletPath.equals(known.servletPath)
        && Objects.equals(known.contextPath, contextPath)) {
      return known.path;
    }
    String base = request.getUriInfo().getBaseUri().getRawPath();
    String path =
        base == null
            ? ""
            : contextPath != null && !contextPath.isEmpty() && base.startsWith(contextPath)
                ? base.substring(contextPath.length())
                : base;
    applicationPath = new ApplicationPath(contextPath, call.servletPath, path);
    return path;
  }

  private volatile ApplicationPath applicationPath;

  private static final class ApplicationPath {
    final String contextPath;
    final String servletPath;
    final String path;

    ApplicationPath(String contextPath, String servletPath, String path) {
      this.contextPath = contextPath;
      this.servletPath = servletPath;
      this.path = path;
    }
  }
}
