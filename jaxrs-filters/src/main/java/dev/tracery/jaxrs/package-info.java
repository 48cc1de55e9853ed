/**
 * Tracery's HTTP tracing for JAX-RS and servlets: SERVER spans named after their route, CLIENT
 * spans, and trace context in and out with the configured propagators. Not for public use; the
 * classes are public so that JAX-RS runtimes, the servlet container and Tracery's extension can
 * reach them.
 *
 * <p>One sub-package per place a runtime calls in, so what runs where can be read off the tree:
 *
 * <ul>
 *   <li>{@link dev.tracery.jaxrs.server}: the JAX-RS server filters and the resource interceptor
 *       (every runtime);
 *   <li>{@link dev.tracery.jaxrs.servlet}: the servlet filter that ends server spans when the
 *       response is sent, and traces requests JAX-RS does not serve (servlet containers);
 *   <li>{@link dev.tracery.jaxrs.client}: the JAX-RS client filter (every runtime);
 *   <li>{@link dev.tracery.jaxrs.resteasy}: RESTEasy (WildFly) only; never loaded on Jersey;
 *   <li>{@link dev.tracery.jaxrs.jersey}: Jersey (Payara) only; never loaded on RESTEasy;
 *   <li>{@link dev.tracery.jaxrs.internal}: what they share within one application: the {@code
 *       Instrumenter}s and the getters that feed OpenTelemetry's HTTP semantic conventions, span
 *       names from route templates, the state of one traced request, URL redaction.
 * </ul>
 *
 * <p>This package holds the HTTP configuration ({@link dev.tracery.jaxrs.HttpTracingConfig}).
 */
package dev.tracery.jaxrs;
