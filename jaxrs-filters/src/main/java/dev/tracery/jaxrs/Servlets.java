package dev.tracery.jaxrs;

import jakarta.servlet.http.HttpServletRequest;

/** Access to the servlet request behind a JAX-RS request, where there is one. */
final class Servlets {

  private Servlets() {}

  /**
   * The injected servlet request proxy, or null outside a servlet container (where the runtime may
   * inject nothing, or a proxy that fails when used).
   */
  static HttpServletRequest current(HttpServletRequest injected) {
    if (injected == null) {
      return null;
    }
    try {
      injected.getContextPath();
      return injected;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
