package dev.tracery.extension.export;

import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One application's export machinery, built with its SDK: the statistics, the sender provider handed to
 * OpenTelemetry's OTLP exporter, and the wrappers around the batch processor and the exporter that keep
 * the queue bounded without the SDK's per-export drop warnings and count what happens to every span.
 */
public final class ExportPipeline {

  private final ExportSettings settings;
  private final ExportStatistics statistics = new ExportStatistics();
  private final ResilientHttpSenderProvider senderProvider;
  /** Sampled spans handed to the batch processor and not yet handed to the exporter. */
  private final AtomicLong queued = new AtomicLong();
  private final AtomicLong droppedSinceSummary = new AtomicLong();
  private volatile long lastSummaryNanos;
  private volatile int maxQueueSize = 2048;

  public ExportPipeline(ExportSettings settings) {
    this.settings = settings;
    this.senderProvider = new ResilientHttpSenderProvider(settings, statistics);
    this.lastSummaryNanos = settings.nanoTime.getAsLong();
  }

  public ExportStatistics statistics() {
    return statistics;
  }

  /** The provider OpenTelemetry's OTLP/HTTP exporter gets its sender from. */
  public HttpSenderProvider senderProvider() {
    return senderProvider;
  }

  /**
   * Names the application whose spans this pipeline exports, for the subdirectory of the disk buffer
   * directory it keeps its batches in. Called once the resource is known, before the exporter is built.
   */
  public void bufferOwner(String serviceName, String deploymentName) {
    senderProvider.bufferOwner(BufferOwner.of(serviceName, deploymentName));
  }

  public SpanExporter wrap(SpanExporter exporter) {
    return new CountingSpanExporter(exporter, this);
  }

  public SpanProcessor wrap(SpanProcessor batchProcessor, int maxQueueSize) {
    this.maxQueueSize = maxQueueSize;
    return new BoundedQueueSpanProcessor(batchProcessor, maxQueueSize, this);
  }

  /** Stops the sender threads' work that is still queued; the SDK's shutdown does the rest. */
  public void close() {
    senderProvider.closeAll();
  }

  AtomicLong queued() {
    return queued;
  }

  void droppedAtQueue() {
    statistics.dropped(1);
    droppedSinceSummary.incrementAndGet();
  }

  /** The drop summary line, at most once per interval; null when there is nothing to say yet. */
  String dropSummary() {
    long now = settings.nanoTime.getAsLong();
    long since = now - lastSummaryNanos;
    if (since < ExportSettings.DROP_SUMMARY_INTERVAL.toNanos() || droppedSinceSummary.get() == 0) {
      return null;
    }
    lastSummaryNanos = now;
    long dropped = droppedSinceSummary.getAndSet(0);
    return "Tracery: dropped " + dropped + " span(s) in the last " + (since / 1_000_000_000L)
        + " s because the export queue was full (otel.bsp.max.queue.size=" + maxQueueSize
        + "); the collector is slower than the application. At most one such line a minute.";
  }
}
