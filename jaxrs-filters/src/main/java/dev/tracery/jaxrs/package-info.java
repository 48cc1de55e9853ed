/**
 * Tracery's JAX-RS server and client filters: SERVER spans named after their route, CLIENT spans,
 * and trace context in and out with the configured propagators. Not for public use; the classes are
 * public so that JAX-RS runtimes, the servlet container and Tracery's extension can reach them.
 */
package dev.tracery.jaxrs;
