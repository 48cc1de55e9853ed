/**
 * Tracery's public API: the {@link dev.tracery.Traced} interceptor binding.
 *
 * <p>Everything an application needs beyond it is standard: inject {@code io.opentelemetry.api.OpenTelemetry},
 * {@code io.opentelemetry.api.trace.Tracer}, {@code io.opentelemetry.api.trace.Span} or
 * {@code io.opentelemetry.api.baggage.Baggage}, and configure Tracery through MicroProfile Config
 * ({@code tracery.*} and the standard {@code otel.*} keys). Packages below {@code dev.tracery} other than
 * this one are implementation and not for public use.
 */
package dev.tracery;
