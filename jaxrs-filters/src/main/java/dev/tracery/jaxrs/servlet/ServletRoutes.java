package dev.tracery.jaxrs.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.MappingMatch;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Tracery's servlet filter needs to know about the servlet a request is mapped to, worked out
 * once per servlet (by name) and per extension mapping: whether JAX-RS serves it (then Tracery's
 * JAX-RS filters trace the request), whether it is the container's default servlet (static files,
 * not traced), and the request's {@code http.route}.
 *
 * <p>Routes follow what OpenTelemetry's servlet instrumentation records, below the context root as
 * Tracery's JAX-RS routes are: an exact mapping is its path ({@code /status}), a path mapping its
 * pattern ({@code /orders/*}), an extension mapping {@code /*.xhtml} (a JSP its servlet path,
 * {@code /index.jsp}), the context root {@code /}, and an application servlet mapped as the default
 * servlet {@code /*}. One instance per filter, so per deployment.
 */
final class ServletRoutes {

  /** How a servlet's requests are traced. */
  enum Kind {
    /**
     * A JAX-RS runtime's servlet: Tracery's JAX-RS filters make the span, with the resource's
     * route.
     */
    JAXRS,
    /** The container's default servlet, serving static files: no span. */
    STATIC,
    /**
     * Anything else (the application's servlets, Faces, JSP): the servlet filter makes the span.
     */
    APPLICATION
  }

  /**
   * The path prefix of Jakarta Faces resource requests (style sheets, scripts, images of a page).
   */
  static final String FACES_RESOURCE = "/jakarta.faces.resource/";

  /**
   * A deployment has a handful of servlets; the bound only guards against a container inventing
   * names.
   */
  private static final int MAX_CACHED = 256;

  private final ConcurrentHashMap<String, Kind> kinds = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> extensionRoutes = new ConcurrentHashMap<>();

  /** The kind of the servlet named {@code servletName} in {@code context}. */
  Kind kind(ServletContext context, String servletName) {
    if (servletName == null) {
      return Kind.APPLICATION;
    }
    Kind kind = kinds.get(servletName);
    if (kind == null) {
      kind = classify(context, servletName);
      if (kinds.size() < MAX_CACHED) {
        kinds.put(servletName, kind);
      }
    }
    return kind;
  }

  private static Kind classify(ServletContext context, String servletName) {
    ServletRegistration registration =
        context == null ? null : context.getServletRegistration(servletName);
    String className = registration == null ? null : registration.getClassName();
    if (className == null) {
      // Payara does not always expose the registration of its own default servlet.
      return "default".equals(servletName) ? Kind.STATIC : Kind.APPLICATION;
    }
    return kindOf(className);
  }

  /** By class name, so that no JAX-RS runtime or container class is loaded to find out. */
  static Kind kindOf(String servletClassName) {
    if (servletClassName.startsWith("org.jboss.resteasy.")
        || servletClassName.startsWith("org.glassfish.jersey.")
        || servletClassName.startsWith("org.apache.cxf.")) {
      return Kind.JAXRS;
    }
    if (servletClassName.endsWith(".DefaultServlet")
        && (servletClassName.startsWith("io.undertow.")
            || servletClassName.startsWith("org.apache.catalina.")
            || servletClassName.startsWith("org.eclipse.jetty."))) {
      return Kind.STATIC;
    }
    return Kind.APPLICATION;
  }

  /**
   * The route of a request to an application servlet, from the mapping that selected it; null when
   * unknown.
   */
  String route(HttpServletRequest request, HttpServletMapping mapping) {
    MappingMatch match = mapping.getMappingMatch();
    if (match == null) {
      return null;
    }
    switch (match) {
      case CONTEXT_ROOT:
        return "/";
      case DEFAULT:
        return "/*";
      case EXACT:
      case PATH:
        return mapping.getPattern();
      case EXTENSION:
        return extensionRoute(request, mapping.getPattern());
      default:
        return null;
    }
  }

  private String extensionRoute(HttpServletRequest request, String pattern) {
    if (pattern == null) {
      return null;
    }
    if (pattern.equals("*.jsp") || pattern.equals("*.jspx")) {
      // A JSP is a page of its own, and only existing pages compile: its path is the route.
      return request.getServletPath();
    }
    String route = extensionRoutes.get(pattern);
    if (route == null) {
      route = "/" + pattern;
      if (extensionRoutes.size() < MAX_CACHED) {
        extensionRoutes.put(pattern, route);
      }
    }
    return route;
  }

  /** Whether the request asks Jakarta Faces for a resource of a page rather than for a page. */
  static boolean facesResource(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    if (servletPath != null && servletPath.startsWith(FACES_RESOURCE)) {
      return true; // extension mapping: /jakarta.faces.resource/app.css.xhtml
    }
    String pathInfo = request.getPathInfo();
    return pathInfo != null
        && pathInfo.startsWith(
            FACES_RESOURCE); // path mapping: /faces/jakarta.faces.resource/app.css
  }
}
