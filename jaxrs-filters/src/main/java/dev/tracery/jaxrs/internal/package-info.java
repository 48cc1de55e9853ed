/**
 * What Tracery's server, servlet and client filters share within one application: {@link
 * dev.tracery.jaxrs.internal.JaxrsTracing} (the {@code Instrumenter}s, built once, and the route
 * cache), the getters that give OpenTelemetry's HTTP semantic conventions what they read ({@link
 * dev.tracery.jaxrs.internal.ServerCallGetter}, {@link
 * dev.tracery.jaxrs.internal.ClientRequestGetter}), route templates ({@link
 * dev.tracery.jaxrs.internal.Routes}), the state of one traced server request ({@link
 * dev.tracery.jaxrs.internal.ServerCall}) and URL redaction ({@link
 * dev.tracery.jaxrs.internal.Urls}). Internal: public only so that the sibling packages and
 * Tracery's extension can reach it; it may change in any release.
 */
package dev.tracery.jaxrs.internal;
