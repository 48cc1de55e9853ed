package dev.tracery.jaxrs.servlet;

import dev.tracery.jaxrs.internal.JaxrsTracing;
import dev.tracery.jaxrs.internal.ServerCall;
import dev.tracery.jaxrs.internal.ServerResponse;
import dev.tracery.jaxrs.internal.TracingLookup;
import dev.tracery.jaxrs.server.TracingServerFilter;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tracery's servlet filter, in front of everything the servlet container serves for the
 * application.
 *
 * <p>A request that JAX-RS serves gets its SERVER span from {@link TracingServerFilter}, with the
 * route of the resource method; this filter then only closes what that filter opened, at the only
 * points a servlet container guarantees:
 *
 * <ul>
 *   <li>on the request thread, when the filter chain returns, it closes the scope the JAX-RS filter
 *       opened on that thread: for asynchronous resources ({@code AsyncResponse}, {@code
 *       CompletionStage}) JAX-RS's own response filter runs on another thread and could not;
 *   <li>it ends the span when the response has been sent: when the chain returns, or, for an
 *       asynchronous request, when the servlet container completes it;
 *   <li>it records an exception no JAX-RS exception mapper handled, which escapes the chain.
 * </ul>
 *
 * <p>Any other request (a servlet, a Jakarta Faces page, a JSP) gets its SERVER span here, named
 * after the servlet mapping that selected it ({@link ServletRoutes}), current while the chain runs
 * and ended the same way. Not traced: paths excluded by {@code tracery.http.server.excluded-paths},
 * static files of the container's default servlet, and Faces resource requests ({@code
 * /jakarta.faces.resource/...}). Should a request this filter traced reach JAX-RS after all (a
 * JAX-RS runtime it does not recognise), the JAX-RS filters find its span and adopt it: a request
 * never has two SERVER spans.
 *
 * <p>Registered for all requests by Tracery's {@code ServletContainerInitializer} while tracing is
 * on. A static file or a JAX-RS request costs it one request attribute write ({@link #ACTIVE}), the
 * servlet mapping and a cached lookup of its servlet's kind ({@link ServletRoutes}), and one
 * attribute read for the span's state when the chain returns.
 */
public final class TracingServletFilter implements Filter {

  private static final Logger LOG = Logger.getLogger(TracingServletFilter.class.getName());

  /**
   * Request attribute (and so JAX-RS property) saying this filter wraps the request; its value is
   * the servlet request itself, which Tracery's JAX-RS filters then read directly, without going
   * through the JAX-RS runtime's injected proxy or its URI and header objects.
   */
  public static final String ACTIVE = "dev.tracery.jaxrs.TracingServletFilter";

  private final TracingLookup lookup = new TracingLookup(TracingServletFilter.class);

  private final ServletRoutes routes = new ServletRoutes();

  private volatile ServletContext servletContext;

  @Override
  public void init(FilterConfig config) {
    this.servletContext = config.getServletContext();
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
      chain.doFilter(request, response);
      return;
    }
    request.setAttribute(ACTIVE, request);
    ServerCall own = startUnlessJaxrs((HttpServletRequest) request);
    Throwable failure = null;
    try {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      Object property = own != null ? own : request.getAttribute(ServerCall.PROPERTY);
      if (property instanceof ServerCall) {
        try {
          finish(
              (ServerCall) property,
              (HttpServletRequest) request,
              (HttpServletResponse) response,
              failure);
        } catch (RuntimeException | LinkageError e) {
          // Never let tracing change what the request returns.
          LOG.log(Level.FINE, "Tracery: ending a request span failed", e);
        }
      }
    }
  }

  /**
   * Starts and makes current the span of a request that JAX-RS does not serve; returns null (and
   * starts nothing) for a JAX-RS request, an excluded or static one, or while tracing is off. Never
   * throws.
   */
  private ServerCall startUnlessJaxrs(HttpServletRequest request) {
    JaxrsTracing tracing = lookup.get();
    if (tracing == null) {
      return null;
    }
    try {
      HttpServletMapping mapping = request.getHttpServletMapping();
      String route = null;
      if (mapping != null) {
        ServletRoutes.Kind kind = routes.kind(servletContext, mapping.getServletName());
        if (kind != ServletRoutes.Kind.APPLICATION) {
          return null; // JAX-RS traces it, or a static file
        }
        route = routes.route(request, mapping);
      }
      if (ServletRoutes.facesResource(request)
          || (tracing.hasExcludedPaths() && excluded(tracing, request))) {
        return null;
      }
      ServerCall call = ServerCall.servlet(request, route);
      if (!tracing.startServer(call)) {
        return null;
      }
      // Where JAX-RS serves the request after all, its filters find this span and adopt it.
      request.setAttribute(ServerCall.PROPERTY, call);
      return call;
    } catch (RuntimeException | LinkageError e) {
      tracing.logOnce("servlet-request", "a servlet request could not be traced", e);
      return null;
    }
  }

  /** Excluded paths match the request's path below the context root, as sent (not decoded). */
  private static boolean excluded(JaxrsTracing tracing, HttpServletRequest request) {
    String path = request.getRequestURI();
    String contextPath = request.getContextPath();
    if (contextPath != null && !contextPath.isEmpty() && path.startsWith(contextPath)) {
      path = path.substring(contextPath.length());
    }
    return tracing.excluded(path, path);
  }

  private static void finish(
      ServerCall call,
      HttpServletRequest request,
      HttpServletResponse response,
      Throwable failure) {
    call.closeScopeOnThisThread();
    if (failure != null) {
      call.failed(unwrap(failure));
      call.end(ServerResponse.status(HttpServletResponse.SC_INTERNAL_SERVER_ERROR));
    } else if (request.isAsyncStarted()) {
      // Servlet spec: a completion requested while this dispatch is still running takes effect only
      // after
      // it returns, so the listener added here always sees it.
      request.getAsyncContext().addListener(new EndWhenComplete(call), request, response);
    } else {
      call.end(ServerResponse.of(response));
    }
  }

  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (true) {
      if (cause instanceof ServletException && ((ServletException) cause).getRootCause() != null) {
        cause = ((ServletException) cause).getRootCause();
      } else if (cause.getCause() != null
          && cause.getCause() != cause
          && cause.getClass().getName().endsWith(".UnhandledException")) {
        // RESTEasy wraps what no exception mapper handled in
        // org.jboss.resteasy.spi.UnhandledException.
        cause = cause.getCause();
      } else {
        return cause;
      }
    }
  }

  /** Ends the span of an asynchronous request when the container completes it. */
  private static final class EndWhenComplete implements AsyncListener {
    private final ServerCall call;

    EndWhenComplete(ServerCall call) {
      this.call = call;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      safely(() -> call.end(ServerResponse.of((HttpServletResponse) event.getSuppliedResponse())));
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      safely(() -> call.end(ServerResponse.status(HttpServletResponse.SC_SERVICE_UNAVAILABLE)));
    }

    @Override
    public void onError(AsyncEvent event) {
      safely(
          () -> {
            call.failed(event.getThrowable());
            call.end(ServerResponse.status(HttpServletResponse.SC_INTERNAL_SERVER_ERROR));
          });
    }

    private static void safely(Runnable action) {
      try {
        action.run();
      } catch (RuntimeException | LinkageError e) {
        LOG.log(Level.FINE, "Tracery: ending an asynchronous request span failed", e);
      }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);
    }
  }
}
