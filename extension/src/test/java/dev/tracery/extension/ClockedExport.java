package dev.tracery.extension;

import dev.tracery.extension.export.ExportPipeline;
import dev.tracery.extension.export.ExportSettings;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * One application's span export as {@link SdkFactory} builds it (OpenTelemetry's OTLP/HTTP exporter
 * sending through Tracery's sender, behind OpenTelemetry's batch processor and Tracery's wrappers,
 * the statistics published as the exporter MXBean), on a clock the test controls: a wait between
 * two attempts is recorded and moves the clock instead of sleeping, and the circuit breaker's open
 * duration passes when the test {@link #advance advances} the clock. For tests about when things
 * happen; what configuration and CDI add is tested with {@link TestApp}.
 */
final class ClockedExport implements AutoCloseable {

  private final AtomicLong now = new AtomicLong();
  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private final ExportPipeline pipeline;
  private final SdkTracerProvider provider;
  private final Tracer tracer;

  private ClockedExport(String endpoint, UnaryOperator<ExportSettings.Builder> settings) {
    pipeline =
        new ExportPipeline(
            settings
                .apply(ExportSettings.builder())
                .nanoTime(now::get)
                .sleeper(
                    nanos -> {
                      waits.add(Duration.ofNanos(nanos));
                      now.addAndGet(nanos);
                    })
                .build());
    OtlpHttpSpanExporter otlp =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(endpoint + "/v1/traces")
            .setComponentLoader(SdkFactory.loader(ClockedExport.class.getClassLoader(), pipeline))
            .build();
    BatchSpanProcessor batches =
        BatchSpanProcessor.builder(pipeline.wrap(otlp, OtlpHttpSpanExporter.class))
            .setScheduleDelay(Duration.ofMillis(20))
            .build();
    provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(pipeline.wrap(batches, 2048, Duration.ofSeconds(30)))
            .build();
    tracer = provider.get("dev.tracery.test");
    pipeline.statistics().register("clocked-export");
  }

  /** Starts with the default settings changed by {@code settings}; the clock is the test's. */
  static ClockedExport start(String endpoint, UnaryOperator<ExportSettings.Builder> settings) {
    return new ClockedExport(endpoint, settings);
  }

  /** Ends one sampled span. */
  void span() {
    tracer.spanBuilder("work").startSpan().end();
  }

  /** The waits between attempts so far, in order. */
  List<Duration> waits() {
    return List.copyOf(waits);
  }

  void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  @Override
  public void close() {
    try {
      provider.shutdown().join(10, TimeUnit.SECONDS);
      pipeline.close(true);
    } finally {
      pipeline.statistics().unregister();
    }
  }
}
