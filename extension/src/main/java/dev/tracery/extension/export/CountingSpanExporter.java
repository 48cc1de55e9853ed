package dev.tracery.extension.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.logging.Logger;

/**
 * Around every configured exporter: tells Tracery's sender how many spans the request it is about to
 * send holds, counts the outcome for exporters that do not use that sender (Zipkin, console), and writes
 * the drop summary. Never throws from {@link #export}.
 */
final class CountingSpanExporter implements SpanExporter {

  private static final Logger LOG = Logger.getLogger(CountingSpanExporter.class.getName());

  /**
   * The batch being exported on this thread: [span count, 1 once Tracery's sender has taken charge of
   * counting it]. OpenTelemetry's OTLP exporter calls the sender on the exporting thread.
   */
  static final ThreadLocal<int[]> BATCH = new ThreadLocal<>();

  private final SpanExporter delegate;
  private final ExportPipeline pipeline;

  CountingSpanExporter(SpanExporter delegate, ExportPipeline pipeline) {
    this.delegate = delegate;
    this.pipeline = pipeline;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int size = spans.size();
    pipeline.queued().addAndGet(-size);
    String summary = pipeline.dropSummary();
    if (summary != null) {
      LOG.warning(summary);
    }
    int[] batch = {size, 0};
    BATCH.set(batch);
    CompletableResultCode result;
    try {
      result = delegate.export(spans);
    } catch (RuntimeException e) {
      pipeline.statistics().failed(size);
      pipeline.statistics().dropped(size);
      return CompletableResultCode.ofFailure();
    } finally {
      BATCH.remove();
    }
    if (batch[1] == 0) {
      ExportStatistics statistics = pipeline.statistics();
      result.whenComplete(() -> {
        if (result.isSuccess()) {
          statistics.exported(size);
        } else {
          statistics.failed(size);
          statistics.dropped(size);
        }
      });
    }
    return result;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "CountingSpanExporter{" + delegate + "}";
  }
}
