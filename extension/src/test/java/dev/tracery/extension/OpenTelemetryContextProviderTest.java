package dev.tracery.extension;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.concurrent.spi.ThreadContextProvider;
import jakarta.enterprise.concurrent.spi.ThreadContextRestorer;
import jakarta.enterprise.concurrent.spi.ThreadContextSnapshot;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Jakarta Concurrency thread context provider, driven as a server drives it. */
class OpenTelemetryContextProviderTest {

  private final ThreadContextProvider provider = new OpenTelemetryContextProvider();

  private static Span span(String traceId) {
    return Span.wrap(
        SpanContext.create(
            traceId, "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault()));
  }

  @Test
  void isFoundThroughServiceLoaderWithItsType() {
    assertThat(
            ServiceLoader.load(ThreadContextProvider.class).stream()
                .map(ServiceLoader.Provider::type))
        .contains(OpenTelemetryContextProvider.class);
    assertThat(provider.getThreadContextType()).isEqualTo("OpenTelemetry");
  }

  @Test
  void capturedContextIsCurrentOnTheTaskThreadAndGoneAfter() throws Exception {
    Span request = span("4bf92f3577b34da6a3ce929d0e0e4736");
    ThreadContextSnapshot snapshot;
    try (Scope ignored = request.makeCurrent()) {
      snapshot = provider.currentContext(Map.of());
    }
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      String[] seen =
          pool.submit(
                  () -> {
                    String before = Span.current().getSpanContext().getTraceId();
                    ThreadContextRestorer restorer = snapshot.begin();
                    String during = Span.current().getSpanContext().getTraceId();
                    restorer.endContext();
                    String after = Span.current().getSpanContext().getTraceId();
                    return new String[] {before, during, after};
                  })
              .get(10, TimeUnit.SECONDS);
      assertThat(seen[0]).isEqualTo(SpanContext.getInvalid().getTraceId());
      assertThat(seen[1]).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(seen[2]).isEqualTo(SpanContext.getInvalid().getTraceId());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void clearedContextHidesWhatTheThreadHadAndRestoresIt() {
    Span leftover = span("0af7651916cd43dd8448eb211c80319c");
    try (Scope ignored = leftover.makeCurrent()) {
      ThreadContextRestorer restorer = provider.clearedContext(Map.of()).begin();
      assertThat(Span.current().getSpanContext().isValid()).isFalse();
      assertThat(Context.current()).isSameAs(Context.root());
      restorer.endContext();
      assertThat(Span.current()).isSameAs(leftover);
    }
  }
}
