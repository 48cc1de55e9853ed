/**
 * Tracery's fault-tolerant export: retry with backoff, circuit breaker, disk buffer, a bounded
 * queue without log floods, and export statistics over JMX. Not for public use, except the {@link
 * dev.tracery.extension.export.TraceryExporterMXBean} operators read.
 */
package dev.tracery.extension.export;
