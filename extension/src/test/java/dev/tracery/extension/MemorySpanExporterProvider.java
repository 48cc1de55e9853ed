package dev.tracery.extension;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.enterprise.inject.spi.CDI;

/** {@code otel.traces.exporter=memory}: the in-memory exporter behind the SDK's batch processor. */
public class MemorySpanExporterProvider implements ConfigurableSpanExporterProvider {
  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    return CDI.current().select(TestSpans.class).get().sdkExporter();
  }

  @Override
  public String getName() {
    return "memory";
  }
}
