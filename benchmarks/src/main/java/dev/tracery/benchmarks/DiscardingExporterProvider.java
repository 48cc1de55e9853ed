package dev.tracery.benchmarks;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code otel.traces.exporter=discard}: accepts every batch and keeps nothing, behind the batch
 * processor.
 */
public class DiscardingExporterProvider implements ConfigurableSpanExporterProvider {

  /** Spans received, to prove the benchmarks export for real. */
  public static final LongAdder RECEIVED = new LongAdder();

  public static SpanExporter exporter() {
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        RECEIVED.add(spans.size());
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
  }

  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    return exporter();
  }

  @Override
  public String getName() {
    return "discard";
  }
}
