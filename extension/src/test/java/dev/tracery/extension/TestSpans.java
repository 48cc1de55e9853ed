package dev.tracery.extension;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application's in-memory exporter; found by the test SPIs through {@code CDI.current()}. The
 * exporter handed to the SDK ({@link #sdkExporter()}) counts shutdowns instead of clearing what was
 * exported, so a test can read what the SDK flushed while it shut down.
 */
@Singleton
public class TestSpans {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final AtomicInteger shutdowns = new AtomicInteger();

  public InMemorySpanExporter exporter() {
    return exporter;
  }

  public int shutdowns() {
    return shutdowns.get();
  }

  public SpanExporter sdkExporter() {
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        return exporter.export(spans);
      }

      @Override
      public CompletableResultCode flush() {
        return exporter.flush();
      }

      @Override
      public CompletableResultCode shutdown() {
        shutdowns.incrementAndGet();
        return CompletableResultCode.ofSuccess();
      }
    };
  }
}
