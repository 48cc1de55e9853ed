package dev.tracery.extension;

import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.enterprise.inject.spi.CDI;

/**
 * A customizer packaged with the application, found through autoconfigure's SPI: it reaches the
 * application's CDI beans with {@code CDI.current()} while the SDK is built, and exports every span
 * synchronously to the in-memory exporter, so tests see a span as soon as it ends. When the
 * configuration selects the {@code memory} exporter, spans take the SDK's batching path instead.
 */
public class MemoryExportCustomizer implements AutoConfigurationCustomizerProvider {
  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    customizer.addTracerProviderCustomizer(
        (builder, config) -> {
          if (config.getList("otel.traces.exporter").contains("memory")) {
            return builder;
          }
          TestSpans spans = CDI.current().select(TestSpans.class).get();
          return builder.addSpanProcessor(SimpleSpanProcessor.create(spans.sdkExporter()));
        });
  }
}
