package dev.tracery.jaxrs;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;

/**
 * The name under which Tracery 0.1.0 documented its JAX-RS client filter, kept so that {@code
 * client.register(dev.tracery.jaxrs.TracingClientFilter.class)} keeps working on runtimes where
 * Tracery does not register the filter itself.
 *
 * @deprecated Register {@link dev.tracery.jaxrs.client.TracingClientFilter} instead; this class
 *     behaves exactly like it and will be removed in a later version.
 */
@Deprecated
@Priority(Priorities.HEADER_DECORATOR)
public class TracingClientFilter extends dev.tracery.jaxrs.client.TracingClientFilter {}
