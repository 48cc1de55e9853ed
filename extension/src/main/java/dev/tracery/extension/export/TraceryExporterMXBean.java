package dev.tracery.extension.export;

/**
 * What an operator sees of Tracery's span export, in JConsole, VisualVM or jboss-cli/asadmin JMX tools,
 * under {@code dev.tracery:type=Exporter,application=<deployment>}. All counts are spans since the
 * application started.
 */
public interface TraceryExporterMXBean {

  /** {@code CLOSED} (exporting), {@code OPEN} (collector unreachable, exports refused) or {@code HALF_OPEN}. */
  String getCircuitBreakerState();

  /** Spans the collector accepted, including those first kept in the disk buffer. */
  long getSpansExported();

  /** Spans whose export failed after all retries (then buffered or dropped). */
  long getSpansFailed();

  /** Spans lost: export queue full, collector down without a disk buffer, or disk buffer full. */
  long getSpansDropped();

  /** Spans currently kept in the disk buffer, waiting for the collector. */
  long getSpansBuffered();

  /** Export attempts repeated after a retryable failure. */
  long getRetries();

  /** Times the circuit breaker opened. */
  long getCircuitBreakerOpened();

  /** Times the circuit breaker closed again. */
  long getCircuitBreakerClosed();

  /**
   * Files of the disk buffer found truncated or altered and renamed to {@code *.otlp.corrupt} instead of
   * being sent (their spans are counted in {@link #getSpansDropped()}).
   */
  long getBufferFilesSetAside();
}
