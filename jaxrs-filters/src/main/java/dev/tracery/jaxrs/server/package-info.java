/**
 * JAX-RS server side, on every runtime: the pre-matching filter that starts a request's SERVER
 * span, the filter that names it after the matched resource method's route, and the interceptor
 * that records what a resource method threw before an exception mapper answers. Not for public use.
 */
package dev.tracery.jaxrs.server;
