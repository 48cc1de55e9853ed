package dev.tracery.jaxrs;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Access to the servlet request behind a JAX-RS request, where there is one. One per filter instance:
 * it remembers that its runtime has no servlet requests, because asking the injected proxy is the only
 * way to find out and outside a servlet container the proxy answers with an exception, whose stack trace
 * would cost every request a few microseconds.
 */
final class Servlets {

  private volatile boolean unavailable;

  /**
   * The injected servlet request proxy, or null outside a servlet container (where the runtime may
   * inject nothing, or a proxy that fails when used).
   */
  HttpServletRequest current(HttpServletRequest injected, ContainerRequestContext request) {
    if (injected == null) {
      return null;
    }
    if (request.getProperty(TracingServletFilter.ACTIVE) != null) {
      return injected; // Tracery's servlet filter saw this request: it is a servlet request
    }
    if (unavailable) {
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
}
