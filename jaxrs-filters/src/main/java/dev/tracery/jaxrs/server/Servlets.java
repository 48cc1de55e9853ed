package dev.tracery.jaxrs.server;

import dev.tracery.jaxrs.servlet.TracingServletFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Finds the servlet request behind a JAX-RS request, where there is one. One per filter instance:
 * it remembers that its runtime has no servlet requests, because asking the injected proxy is the
 * only way to find out, and outside a servlet container the proxy answers with an exception whose
 * stack trace would cost every request a few microseconds.
 */
final class Servlets {

  private volatile boolean unavailable;

  /**
   * The servlet request that Tracery's servlet filter put into the request's properties; else the
   * injected servlet request proxy, if it works (a servlet container where Tracery's servlet filter
   * is not installed); else null.
   */
  HttpServletRequest current(ContainerRequestContext request, HttpServletRequest injected) {
    Object wrapped = request.getProperty(TracingServletFilter.ACTIVE);
    if (wrapped instanceof HttpServletRequest) {
      return (HttpServletRequest) wrapped;
    }
    if (injected == null || unavailable) {
      return null;
    }
    try {
      injected.getContextPath();
      return injected;
    } catch (RuntimeException e) {
      unavailable = true;
      return null;
    }
  }

  /**
   * Whether Tracery's servlet filter wraps the request, and so ends its span when the response is
   * sent.
   */
  static boolean wrappedByServletFilter(ContainerRequestContext request) {
    return request.getProperty(TracingServletFilter.ACTIVE) != null;
  }
}
