/**
 * Home of Tracery's JAX-RS server and client filters (request spans, W3C trace context in and out).
 * Not for public use. The filters are not written yet: until they are, JAX-RS requests are not traced
 * by themselves, only the {@code @Traced} beans they call.
 */
package dev.tracery.jaxrs;
