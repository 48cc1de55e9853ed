/**
 * Servlet containers: the servlet filter in front of the whole application, which ends SERVER spans
 * when the response is really sent (asynchronous resources included) and traces requests that
 * JAX-RS does not serve, named after their servlet mapping. Not for public use.
 */
package dev.tracery.jaxrs.servlet;
