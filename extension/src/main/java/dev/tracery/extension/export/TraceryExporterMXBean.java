package dev.tracery.extension.export;

import java.util.Map;

/**
 * What an operator sees of Tracery's span export, in JConsole, VisualVM or jboss-cli/asadmin JMX
 * tools, under {@code dev.tracery:type=Exporter,application=<deployment>}. All counts are spans
 * since the application started.
 *
 * <p>The span counts describe the exporter behind the batch processor that reaches the collector:
 * the OTLP exporter when configured, else the first other batch exporter (never {@code console}).
 * Every sampled span that ended is exactly one of exported, dropped, buffered or queued: {@code
 * ended = SpansExported + SpansDropped + SpansBuffered + SpansQueued} (SpansFailed counts spans on
 * their way to dropped or buffered). With several exporters, each one's own counts are in {@link
 * #getSpansExportedByExporter()} and {@link #getSpansFailedByExporter()}.
 */
public interface TraceryExporterMXBean {

  /**
   * {@code CLOSED} (exporting), {@code OPEN} (collector unreachable, exports refused) or {@code
   * HALF_OPEN}.
   */
  String getCircuitBreakerState();

  /**
   * Spans the collector accepted, including those first kept in the disk buffer. A console print is
   * not an export: it is counted in {@link #getSpansExportedByExporter()} only.
   */
  long getSpansExported();

  /** Spans whose export failed after all retries (then buffered or dropped). */
  long getSpansFailed();

  /** Spans lost: export queue full, collector down without a disk buffer, or disk buffer full. */
  long getSpansDropped();

  /**
   * Spans ended and neither exported, dropped nor buffered yet: waiting in the queue or being
   * delivered.
   */
  long getSpansQueued();

  /**
   * Spans each exporter accepted, by the name it is configured with ({@code otlp}, {@code zipkin},
   * {@code console}; the class name for others). The counted exporter's entry is {@code
   * SpansExported}; a console exporter's is the spans it printed.
   */
  Map<String, Long> getSpansExportedByExporter();

  /** Spans each exporter failed on (returned a failure or threw), by name as above. */
  Map<String, Long> getSpansFailedByExporter();

  /** Spans currently kept in the disk buffer, waiting for the collector. */
  long getSpansBuffered();

  /** Export attempts repeated after a retryable failure. */
  long getRetries();

  /** Times the circuit breaker opened. */
  long getCircuitBreakerOpened();

  /** Times the circuit breaker closed again. */
  long getCircuitBreakerClosed();

  /**
   * Files of the disk buffer found truncated or altered and renamed to {@code *.otlp.corrupt}
   * instead of being sent (their spans are counted in {@link #getSpansDropped()}).
   */
  long getBufferFilesSetAside();
}
