package dev.tracery.extension;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.inject.Singleton;

/** The application's in-memory exporter; found by the test SPIs through {@code CDI.current()}. */
@Singleton
public class TestSpans {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

  public InMemorySpanExporter exporter() {
    return exporter;
  }
}
