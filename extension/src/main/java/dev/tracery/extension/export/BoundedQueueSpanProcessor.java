package dev.tracery.extension.export;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * In front of the SDK's batch span processor: never lets its queue fill, so the processor never
 * drops a span itself (it would log a warning on every export after a drop, a flood under sustained
 * load); Tracery drops the span instead, counts it, and reports a summary at most once a minute.
 * Costs one atomic increment per sampled span; never blocks.
 */
final class BoundedQueueSpanProcessor implements SpanProcessor {

  private final SpanProcessor delegate;
  private final int maxQueueSize;
  private final ExportPipeline pipeline;
  private final ExportStatistics statistics;

  BoundedQueueSpanProcessor(SpanProcessor delegate, int maxQueueSize, ExportPipeline pipeline) {
    this.delegate = delegate;
    this.maxQueueSize = maxQueueSize;
    this.pipeline = pipeline;
    this.statistics = pipeline.statistics();
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    delegate.onStart(parentContext, span);
  }

  @Override
  public boolean isStartRequired() {
    return delegate.isStartRequired();
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (span.getSpanContext().isSampled() && !statistics.enqueue(maxQueueSize)) {
      return; // dropped and counted
    }
    delegate.onEnd(span);
  }

  @Override
  public boolean isEndRequired() {
    return delegate.isEndRequired();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return delegate.forceFlush();
  }

  @Override
  public CompletableResultCode shutdown() {
    // The clock of the shutdown starts now: deliveries must end within otel.bsp.export.timeout.
    pipeline.beginShutdown();
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return "BoundedQueueSpanProcessor{maxQueueSize="
        + maxQueueSize
        + ", delegate="
        + delegate
        + "}";
  }
}
