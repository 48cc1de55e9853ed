package dev.tracery.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tracery.Traced;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.enterprise.context.Dependent;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Stopping the application shuts its SDK down: queued spans are exported and threads stop. */
class ShutdownTest {

  @Dependent
  public static class Worker {
    @Traced
    public void work() {}
  }

  static Set<Thread> liveThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .collect(Collectors.toSet());
  }

  /** The SDK threads (batch span processor) started since {@code before}: this application's. */
  static List<Thread> sdkThreadsSince(Set<Thread> before) {
    return liveThreads().stream()
        .filter(t -> !before.contains(t) && t.getName().startsWith("BatchSpanProcessor"))
        .collect(Collectors.toList());
  }

  @Test
  void flushesQueuedSpansAndStopsTheBatchThreadOnShutdown() {
    Set<Thread> before = liveThreads();
    TestApp app =
        TestApp.builder()
            .config("tracery.enabled", "true")
            .config("otel.traces.exporter", "memory")
            // Nothing leaves the queue on its own while the test runs. (After shutdown the SDK's
            // worker
            // thread still finishes its current wait, at most one schedule delay, before it ends.)
            .config("otel.bsp.schedule.delay", "3s")
            .beans(Worker.class)
            .start();
    TestSpans spans = app.bean(TestSpans.class);
    for (int i = 0; i < 5; i++) {
      app.bean(Worker.class).work();
    }
    assertThat(spans.exporter().getFinishedSpanItems()).isEmpty();
    List<Thread> sdkThreads = sdkThreadsSince(before);
    assertThat(sdkThreads).isNotEmpty();

    app.close();

    assertThat(spans.exporter().getFinishedSpanItems())
        .hasSize(5)
        .extracting(SpanData::getName)
        .containsOnly("Worker.work");
    assertThat(spans.shutdowns()).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sdkThreads.stream().noneMatch(Thread::isAlive));
  }

  @Test
  void shutsDownWhenTheOpenTelemetryBeanWasNeverUsed() {
    Set<Thread> before = liveThreads();
    TestApp app =
        TestApp.builder()
            .config("tracery.enabled", "true")
            .config("otel.traces.exporter", "memory")
            .start();
    TestSpans spans = app.bean(TestSpans.class);
    List<Thread> sdkThreads = sdkThreadsSince(before);
    assertThat(sdkThreads).isNotEmpty();

    app.close();

    assertThat(spans.shutdowns()).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sdkThreads.stream().noneMatch(Thread::isAlive));
  }

  /**
   * An exporter whose exports never complete, like a collector that accepts the connection and
   * hangs.
   */
  public static class HangingExporterProvider implements ConfigurableSpanExporterProvider {
    @Override
    public SpanExporter createExporter(ConfigProperties config) {
      return new SpanExporter() {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
          return new CompletableResultCode();
        }

        @Override
        public CompletableResultCode flush() {
          return new CompletableResultCode();
        }

        @Override
        public CompletableResultCode shutdown() {
          return new CompletableResultCode();
        }
      };
    }

    @Override
    public String getName() {
      return "hanging";
    }
  }

  @Test
  void shutdownIsBoundedByTheExportTimeoutWhenTheExporterHangs() {
    TestApp app =
        TestApp.builder()
            .config("tracery.enabled", "true")
            .config("otel.traces.exporter", "hanging")
            .config("otel.bsp.export.timeout", "300ms")
            .beans(Worker.class)
            .start();
    app.bean(Worker.class).work();

    try (LogCapture log = LogCapture.of(TraceryExtension.class)) {
      app.close();

      assertThat(log.messages(Level.WARNING))
          .singleElement()
          .satisfies(
              message ->
                  assertThat(message)
                      .contains(
                          "did not finish exporting within otel.bsp.export.timeout (300 ms)"));
    }
  }
}
