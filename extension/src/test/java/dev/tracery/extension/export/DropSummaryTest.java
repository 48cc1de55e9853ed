package dev.tracery.extension.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Spans dropped because the queue is full are counted, and summarised at most once a minute. */
class DropSummaryTest {

  @Test
  void summarisesDropsAtMostOnceAMinute() {
    AtomicLong now = new AtomicLong();
    ExportPipeline pipeline =
        new ExportPipeline(ExportSettings.builder().nanoTime(now::get).build());
    // Nothing leaves this queue: no counted exporter takes the spans, so the eleventh is dropped.
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                pipeline.wrap(SimpleSpanProcessor.create(InMemorySpanExporter.create()), 10, null))
            .build()) {
      Tracer tracer = provider.get("test");
      Runnable span = () -> tracer.spanBuilder("work").startSpan().end();
      for (int i = 0; i < 10 + 5; i++) {
        span.run();
      }
      assertThat(pipeline.statistics().getSpansQueued()).isEqualTo(10);
      assertThat(pipeline.dropSummary()).as("not a minute yet").isNull();

      now.addAndGet(Duration.ofSeconds(61).toNanos());
      assertThat(pipeline.dropSummary())
          .contains("dropped 5 span(s) in the last 61 s")
          .contains("otel.bsp.max.queue.size=10");
      span.run();
      assertThat(pipeline.dropSummary()).as("the next line waits another minute").isNull();
      now.addAndGet(Duration.ofSeconds(60).toNanos());
      assertThat(pipeline.dropSummary()).contains("dropped 1 span(s)");
      now.addAndGet(Duration.ofSeconds(600).toNanos());
      assertThat(pipeline.dropSummary()).as("nothing dropped, nothing said").isNull();
      assertThat(pipeline.statistics().getSpansDropped()).isEqualTo(6);
    }
  }
}
