package dev.tracery.extension;

import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.enterprise.inject.spi.CDI;

/**
 * A customizer packaged with the application, found through autoconfigure's SPI: it reaches the
 * application's CDI beans with {@code CDI.current()} while the SDK is built, and exports every span
 * synchronously to the in-memory exporter, so tests see a span as soon as it ends. Only when the
 * configured exporter is {@code none} (TestApp's default): tests that select a real exporter, or
 * the batching {@code memory} one, get exactly that.
 */
public class MemoryExportCustomizer implements AutoConfigurationCustomizerProvider {
  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    customizer.addTracerProviderCustomizer(
        (builder, config) -> {
          if (!config.getList("otel.traces.exporter").equals(java.util.List.of("none"))) {
            return builder; // the test exports for real (otlp, zipkin) or through the batching
            // "memory" exporter
          }
          TestSpans spans = CDI.current().select(TestSpans.class).get();
          return builder.addSpanProcessor(SimpleSpanProcessor.create(spans.sdkExporter()));
        });
  }
}
