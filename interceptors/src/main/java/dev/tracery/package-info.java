/**
 * Tracery's public API: the {@link dev.tracery.Traced} interceptor binding; {@link
 * dev.tracery.Spans}, the injectable bean for programmatic spans and traced retries, with its
 * {@link dev.tracery.RetryPolicy}; {@link dev.tracery.Messaging}, trace context in message headers
 * with producer and consumer spans for transports Tracery does not trace itself; and {@link
 * dev.tracery.DomainAttributes}, attribute keys for application spans.
 *
 * <p>Everything an application needs beyond it is standard: inject {@code
 * io.opentelemetry.api.OpenTelemetry}, {@code io.opentelemetry.api.trace.Tracer}, {@code
 * io.opentelemetry.api.trace.Span} or {@code io.opentelemetry.api.baggage.Baggage}, and configure
 * Tracery through MicroProfile Config ({@code tracery.*} and the standard {@code otel.*} keys).
 * Packages below {@code dev.tracery} other than this one are implementation and not for public use.
 */
package dev.tracery;
