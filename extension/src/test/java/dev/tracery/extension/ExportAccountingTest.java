package dev.tracery.extension;

import static dev.tracery.extension.HostileCollectorTest.exporterAttribute;
import static dev.tracery.extension.HostileCollectorTest.exporterCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tracery.Traced;
import dev.tracery.testing.HostileEndpoint;
import dev.tracery.testing.HostileEndpoint.Behaviour;
import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.enterprise.context.Dependent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the exporter MXBean's counts mean with several exporters, what shutdown does with what is
 * still queued, and an exporter that throws (issue 10, and issue 9 for the throwing exporter).
 */
class ExportAccountingTest {

  @Dependent
  public static class Worker {
    @Traced
    public void work() {}
  }

  private static TestApp.Builder app(String exporters, String endpoint) {
    return TestApp.builder()
        .config("tracery.enabled", "true")
        .config("otel.traces.exporter", exporters)
        .config("otel.service.name", "accounting")
        .config("otel.exporter.otlp.endpoint", endpoint)
        .config("otel.bsp.schedule.delay", "20ms")
        .beans(Worker.class);
  }

  @Test
  void withOtlpAndConsoleEachSpanTheCollectorAcceptedIsCountedOnceAsExported() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        TestApp app = app("otlp,console", receiver.endpoint()).start()) {
      for (int i = 0; i < 40; i++) {
        app.bean(Worker.class).work();
      }
      receiver.await(Duration.ofSeconds(10), spans -> spans.size() >= 40, "40 spans");

      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                assertThat(exporterCount("SpansExported")).isEqualTo(40);
                assertThat(exporterCount("SpansQueued")).isZero();
              });
      assertThat(receiver.spans()).hasSize(40);
      Map<String, Long> byExporter = toMap(exporterAttribute("SpansExportedByExporter"));
      assertThat(byExporter).containsEntry("otlp", 40L).containsEntry("console", 40L);
    }
  }

  @Test
  void withOtlpAndAZipkinThatIsDownTheCountsDescribeTheOtlpCollectorAndZipkinIsCountedApart()
      throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (OtlpReceiver receiver = OtlpReceiver.start();
        TestApp app =
            app("otlp,zipkin", receiver.endpoint())
                .config(
                    "otel.exporter.zipkin.endpoint",
                    "http://127.0.0.1:" + closedPort + "/api/v2/spans")
                .start()) {
      for (int i = 0; i < 40; i++) {
        app.bean(Worker.class).work();
      }
      receiver.await(Duration.ofSeconds(10), spans -> spans.size() >= 40, "40 spans");

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(exporterCount("SpansExported")).isEqualTo(40);
                assertThat(exporterCount("SpansQueued")).isZero();
                assertThat(toMap(exporterAttribute("SpansFailedByExporter")))
                    .containsEntry("zipkin", 40L);
              });
      assertThat(exporterCount("SpansDropped")).isZero();
      assertThat(receiver.spans()).hasSize(40);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Long> toMap(Object tabular) {
    javax.management.openmbean.TabularData data = (javax.management.openmbean.TabularData) tabular;
    return ((Collection<javax.management.openmbean.CompositeData>) data.values())
        .stream()
            .collect(
                Collectors.toMap(row -> (String) row.get("key"), row -> (Long) row.get("value")));
  }

  @Test
  void withOtlpAndConsoleTheQueueStillBoundsWhileTheCollectorHangsAndTheCountsAddUp() {
    try (HostileEndpoint collector = HostileEndpoint.start();
        LogCaptures logs = LogCaptures.of("io.opentelemetry", "dev.tracery")) {
      collector.always(Behaviour.stallBodyAfterHeaders(200));
      try (TestApp app =
          app("otlp,console", collector.endpoint())
              .config("otel.bsp.max.queue.size", "100")
              .config("otel.bsp.max.export.batch.size", "50")
              .config("otel.bsp.export.timeout", "2s")
              .config("otel.exporter.otlp.timeout", "30s")
              .start()) {
        for (int i = 0; i < 1000; i++) {
          app.bean(Worker.class).work();
        }

        long queued = exporterCount("SpansQueued");
        assertThat(queued).as("spans held for export").isLessThanOrEqualTo(100);
        await()
            .atMost(Duration.ofSeconds(5))
            .untilAsserted(
                () -> {
                  long exported = exporterCount("SpansExported");
                  long dropped = exporterCount("SpansDropped");
                  long buffered = exporterCount("SpansBuffered");
                  long stillQueued = exporterCount("SpansQueued");
                  assertThat(exported).as("the collector accepted nothing").isZero();
                  assertThat(dropped).isGreaterThanOrEqualTo(900);
                  assertThat(exported + dropped + buffered + stillQueued)
                      .as("ended = exported + dropped + buffered + queued")
                      .isEqualTo(1000);
                });
        assertThat(toMap(exporterAttribute("SpansExportedByExporter")))
            .containsEntry("console", 1000L);
      }
      List<String> warnings =
          logs.records().stream()
              .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
              .filter(r -> r.getLoggerName().startsWith("io.opentelemetry"))
              .map(LogRecord::getMessage)
              .collect(Collectors.toList());
      assertThat(warnings).as("OpenTelemetry's own per-batch drop or failure warnings").isEmpty();
    }
  }

  @Test
  void withoutABufferShutdownCountsWhatIsStillQueuedInOneLineWithinTheExportTimeout() {
    try (HostileEndpoint collector = HostileEndpoint.start()) {
      collector.always(Behaviour.stallBodyAfterHeaders(200));
      TestApp app =
          app("otlp", collector.endpoint())
              .config("otel.bsp.schedule.delay", "30s")
              .config("otel.bsp.export.timeout", "2s")
              .config("otel.exporter.otlp.timeout", "10s")
              .start();
      for (int i = 0; i < 7; i++) {
        app.bean(Worker.class).work();
      }
      try (LogCaptures logs = LogCaptures.of("dev.tracery")) {
        long start = System.nanoTime();
        app.close();
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        // The README's promise: undeploy within otel.bsp.export.timeout. The line below says
        // "dropped ...
        // at shutdown", not "did not finish exporting": the SDK's shutdown completed within the 2 s
        // it was
        // given. The bound here is loose on purpose (a busy machine); before, closing took 2 s + 11
        // s.
        assertThat(tookMillis).as("undeploy, ms").isLessThan(2000 + 4000);
        List<LogRecord> loud =
            logs.records().stream()
                .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .collect(Collectors.toList());
        assertThat(loud).hasSize(1);
        assertThat(loud.get(0).getMessage())
            .contains("dropped 7 span(s) still queued at shutdown")
            .contains("otel.bsp.export.timeout (2000 ms)")
            .contains(collector.endpoint() + "/v1/traces")
            .contains("tracery.exporter.buffer.directory");
      }
    }
  }

  @Test
  void withABufferWhatIsQueuedAtShutdownIsKeptAndDeliveredAfterARestart(@TempDir Path buffer) {
    try (HostileEndpoint collector = HostileEndpoint.start()) {
      collector.always(Behaviour.stallBodyAfterHeaders(200));
      TestApp first =
          app("otlp", collector.endpoint())
              .config("tracery.exporter.buffer.directory", buffer.toString())
              .config("otel.bsp.schedule.delay", "30s")
              .config("otel.bsp.export.timeout", "2s")
              .start();
      for (int i = 0; i < 12; i++) {
        first.bean(Worker.class).work();
      }
      first.close();
      assertThat(collector.spans()).isEmpty();

      collector.always(Behaviour.ok());
      try (TestApp second =
          app("otlp", collector.endpoint())
              .config("tracery.exporter.buffer.directory", buffer.toString())
              .start()) {
        collector.await(
            Duration.ofSeconds(15),
            spans -> spans.size() >= 12,
            "the 12 spans queued at the first shutdown");
        assertThat(collector.spans())
            .extracting(ReceivedSpan::spanId)
            .doesNotHaveDuplicates()
            .hasSize(12);
      }
    }
  }

  /** An exporter that throws on every export, as a CDI-bean exporter without its container does. */
  public static class ThrowingExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      throw new IllegalStateException("Thread's context class loader is null");
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      throw new IllegalStateException("Thread's context class loader is null");
    }
  }

  public static class ThrowingExporterProvider implements ConfigurableSpanExporterProvider {
    @Override
    public SpanExporter createExporter(ConfigProperties config) {
      return new ThrowingExporter();
    }

    @Override
    public String getName() {
      return "throwing";
    }
  }

  @Test
  void anExporterThatThrowsIsCountedAndLoggedAtMostOnceAMinute() {
    try (LogCaptures logs = LogCaptures.of("dev.tracery");
        TestApp app = app("throwing", "http://127.0.0.1:9").start()) {
      for (int i = 0; i < 10; i++) {
        app.bean(Worker.class).work();
        int expected = i + 1;
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> exporterCount("SpansFailed") >= expected);
      }
      assertThat(exporterCount("SpansFailed")).isEqualTo(10);
      assertThat(exporterCount("SpansDropped")).isEqualTo(10);
      List<LogRecord> warnings =
          logs.records().stream()
              .filter(r -> r.getLevel().equals(Level.WARNING))
              .collect(Collectors.toList());
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0).getMessage())
          .contains("'ThrowingExporter'")
          .contains("threw from export()")
          .contains("1 failure, 1 span(s) counted as failed")
          .contains("At most one such line a minute");
    }
  }
}
