package dev.tracery.extension;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.Traced;
import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.OtlpReceiver.Reply;
import dev.tracery.testing.OtlpReceiver.RequestRecord;
import dev.tracery.testing.ReceivedSpan;
import jakarta.enterprise.context.Dependent;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export against a real OTLP/HTTP endpoint that the test makes slow, down, 503,
 * 429-with-Retry-After or hanging: retries on schedule, the circuit breaker and its single log
 * lines, recovery, the disk buffer, and an application thread that is never held up. What depends
 * on time (the retry schedule, Retry-After, the retry budget, the breaker's open duration) runs on
 * a clock the test controls ({@link ClockedExport}): nothing is slept, and the waits are checked
 * exactly. The rest runs as a deployed application does ({@link TestApp}), with bounded waits on
 * conditions.
 */
class FaultTolerantExportTest {

  @Dependent
  public static class Worker {
    @Traced
    public void work() {}
  }

  private OtlpReceiver receiver;

  @BeforeEach
  void startReceiver() {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  private TestApp.Builder app() {
    return TestApp.builder()
        .config("tracery.enabled", "true")
        .config("otel.traces.exporter", "otlp")
        .config("otel.service.name", "resilient")
        .config("otel.exporter.otlp.endpoint", receiver.endpoint())
        .config("otel.bsp.schedule.delay", "20ms")
        .beans(Worker.class);
  }

  private static void await(Duration timeout, BooleanSupplier condition, String what) {
    Awaitility.await(what).atMost(timeout).until(condition::getAsBoolean);
  }

  private static long count(String attribute) {
    try {
      return (Long) exporterAttribute(attribute);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Duration millis(double millis) {
    return Duration.ofNanos((long) (millis * 1_000_000));
  }

  private static Object exporterAttribute(String attribute) throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Set<ObjectName> names = server.queryNames(new ObjectName("dev.tracery:type=Exporter,*"), null);
    assertThat(names).hasSize(1);
    return server.getAttribute(names.iterator().next(), attribute);
  }

  @Test
  void retriesOnTheScheduleAndDeliversOnce() throws Exception {
    receiver.script(Reply.status(503), Reply.status(503), Reply.status(502), Reply.status(504));
    try (ClockedExport export = ClockedExport.start(receiver.endpoint(), settings -> settings)) {
      export.span();

      List<ReceivedSpan> spans =
          receiver.await(Duration.ofSeconds(10), s -> !s.isEmpty(), "the span after retries");
      await(Duration.ofSeconds(5), () -> count("SpansExported") == 1, "the export to be counted");
      assertThat(spans).hasSize(1);
      assertThat(receiver.requests())
          .extracting(RequestRecord::status)
          .containsExactly(503, 503, 502, 504, 200);
      // 100 ms, times 1.5 after each retry.
      assertThat(export.waits())
          .containsExactly(millis(100), millis(150), millis(225), millis(337.5));
      assertThat(exporterAttribute("Retries")).isEqualTo(4L);
      assertThat(exporterAttribute("SpansQueued")).isEqualTo(0L);
    }
  }

  @Test
  void honoursRetryAfter() throws Exception {
    receiver.script(Reply.retryAfter(429, "1"));
    try (ClockedExport export = ClockedExport.start(receiver.endpoint(), settings -> settings)) {
      export.span();

      receiver.await(Duration.ofSeconds(10), s -> !s.isEmpty(), "the span after Retry-After");
      assertThat(receiver.requests()).extracting(RequestRecord::status).containsExactly(429, 200);
      assertThat(export.waits())
          .as("Retry-After: 1, not the backoff")
          .containsExactly(millis(1000));
    }
  }

  @Test
  void doesNotRetryWhatCannotSucceedLater() throws Exception {
    receiver.script(Reply.status(400));
    try (TestApp app = app().start()) {
      app.bean(Worker.class).work();
      await(Duration.ofSeconds(10), () -> receiver.requests().size() == 1, "one request");
      app.bean(Worker.class).work();
      await(Duration.ofSeconds(10), () -> receiver.requests().size() == 2, "the next batch");

      assertThat(receiver.requests()).extracting(RequestRecord::status).containsExactly(400, 200);
      assertThat(exporterAttribute("Retries")).isEqualTo(0L);
      assertThat(exporterAttribute("SpansDropped")).isEqualTo(1L);
    }
  }

  @Test
  void spendsNoMoreThanTheBudgetOnOneBatch() throws Exception {
    receiver.alwaysReply(Reply.status(503));
    try (ClockedExport export =
        ClockedExport.start(
            receiver.endpoint(),
            settings -> settings.maxAttempts(100).maxElapsed(Duration.ofSeconds(1)))) {
      export.span();
      await(Duration.ofSeconds(10), () -> count("SpansFailed") == 1, "the batch to fail");

      // 100 + 150 + 225 + 337.5 ms fit in the budget of 1 s; the next wait, 506.25 ms, would not.
      assertThat(export.waits())
          .containsExactly(millis(100), millis(150), millis(225), millis(337.5));
      assertThat(receiver.requests()).hasSize(5);
      assertThat(count("SpansDropped")).isEqualTo(1);
    }
  }

  @Test
  void breakerOpensRefusesWithoutNetworkThenRecoversLoggingEachChangeOnce() throws Exception {
    receiver.alwaysReply(Reply.status(503));
    try (LogCaptures logs = LogCaptures.of("dev.tracery", "io.opentelemetry");
        ClockedExport export =
            ClockedExport.start(
                receiver.endpoint(),
                settings -> settings.maxAttempts(1).openDuration(Duration.ofSeconds(2)))) {
      for (int i = 1; i <= 5; i++) {
        export.span();
        int expected = i;
        await(
            Duration.ofSeconds(10),
            () -> receiver.requests().size() == expected,
            "failed export " + i);
      }
      await(
          Duration.ofSeconds(10),
          () -> "OPEN".equals(attribute("CircuitBreakerState")),
          "the breaker to open");

      int requestsWhenOpened = receiver.requests().size();
      for (int i = 0; i < 20; i++) {
        export.span();
      }
      await(
          Duration.ofSeconds(10),
          () -> count("SpansDropped") == 5 + 20,
          "the 20 spans refused while open to be dropped");
      assertThat(receiver.requests()).as("no request while open").hasSize(requestsWhenOpened);

      receiver.alwaysReply(Reply.ok());
      export.advance(Duration.ofSeconds(2));
      export.span();
      await(
          Duration.ofSeconds(10),
          () -> "CLOSED".equals(attribute("CircuitBreakerState")),
          "the breaker to close");
      receiver.await(Duration.ofSeconds(10), s -> !s.isEmpty(), "spans after recovery");
      await(
          Duration.ofSeconds(5),
          () ->
              logs.records().stream()
                  .anyMatch(r -> r.getMessage().contains("circuit breaker closed")),
          "the closing line");

      List<LogRecord> loud =
          logs.records().stream()
              .filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
              .collect(Collectors.toList());
      assertThat(loud).extracting(LogRecord::getLevel).containsExactly(Level.WARNING, Level.INFO);
      assertThat(loud.get(0).getMessage()).contains("circuit breaker open").contains("HTTP 503");
      assertThat(loud.get(1).getMessage()).contains("circuit breaker closed");
      assertThat(export.waits()).as("one attempt per export: no wait").isEmpty();
    }
  }

  private static String attribute(String name) {
    try {
      return String.valueOf(exporterAttribute(name));
    } catch (Exception e) {
      return null;
    }
  }

  @Test
  void endingSpansNeverBlocksWhileTheCollectorHangsAndMemoryStaysBounded() throws Exception {
    receiver.alwaysReply(Reply.hang(60_000));
    try (TestApp app =
        app()
            .config("otel.bsp.max.queue.size", "1000")
            .config("otel.exporter.otlp.timeout", "30s")
            .start()) {
      Worker worker = app.bean(Worker.class);
      for (int i = 0; i < 20_000; i++) {
        worker.work(); // warm-up
      }
      System.gc();
      long heapBefore = usedHeap();
      int calls = 200_000;
      long[] nanos = new long[calls];
      for (int i = 0; i < calls; i++) {
        long start = System.nanoTime();
        worker.work();
        nanos[i] = System.nanoTime() - start;
      }
      System.gc();
      long heapAfter = usedHeap();
      java.util.Arrays.sort(nanos);
      // Not a speed check (JMH and the load test measure speed): a call that waited for the
      // hanging collector would take its 30 s timeout; no call may come near that, whatever the
      // machine's load.
      assertThat(nanos[calls - 1]).as("slowest traced call, ns").isLessThan(5_000_000_000L);
      assertThat(heapAfter - heapBefore).as("heap growth, bytes").isLessThan(64L * 1024 * 1024);
      assertThat((Long) exporterAttribute("SpansDropped")).isGreaterThan(0);
    }
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Test
  void diskBufferKeepsSpansWhileTheCollectorIsDownAndDeliversEachOnceWhenItIsBack(
      @TempDir Path buffer) throws Exception {
    receiver.down();
    List<String> produced = new ArrayList<>();
    try (TestApp app =
        app()
            .config("tracery.exporter.buffer.directory", buffer.toString())
            .config("tracery.exporter.retry.max-attempts", "1")
            .start()) {
      for (int i = 0; i < 30; i++) {
        app.bean(Worker.class).work();
      }
      await(
          Duration.ofSeconds(15),
          () -> {
            try {
              return ((Long) exporterAttribute("SpansBuffered")) == 30L;
            } catch (Exception e) {
              return false;
            }
          },
          "30 spans in the disk buffer");
      assertThat(DiskBufferTest.batchFiles(buffer)).isNotEmpty();

      receiver.up();
      app.bean(Worker.class).work();
      receiver.await(Duration.ofSeconds(15), s -> s.size() >= 31, "all 31 spans");
      await(
          Duration.ofSeconds(15),
          () -> count("SpansExported") == 31 && count("SpansBuffered") == 0,
          "every span counted as exported, none left in the buffer");
      assertThat(receiver.spans())
          .extracting(ReceivedSpan::spanId)
          .doesNotHaveDuplicates()
          .hasSize(31);
      assertThat(exporterAttribute("SpansBuffered")).isEqualTo(0L);
    }
    assertThat(DiskBufferTest.batchFiles(buffer)).isEmpty();
  }

  @Test
  void aRestartInBetweenLosesNothing(@TempDir Path buffer) throws Exception {
    receiver.down();
    try (TestApp first =
        app()
            .config("tracery.exporter.buffer.directory", buffer.toString())
            .config("tracery.exporter.retry.max-attempts", "1")
            .config("otel.bsp.schedule.delay", "10s")
            .start()) {
      for (int i = 0; i < 12; i++) {
        first.bean(Worker.class).work();
      }
      // Stopping exports what is queued: the collector is down, so it goes to the disk buffer.
    }
    assertThat(DiskBufferTest.batchFiles(buffer)).isNotEmpty();

    receiver.up();
    try (TestApp second =
        app().config("tracery.exporter.buffer.directory", buffer.toString()).start()) {
      receiver.await(Duration.ofSeconds(15), s -> s.size() >= 12, "the 12 spans of the first run");
      await(
          Duration.ofSeconds(15),
          () -> count("SpansExported") == 12 && count("SpansBuffered") == 0,
          "the 12 spans counted as exported, none left in the buffer");
      assertThat(receiver.spans())
          .extracting(ReceivedSpan::spanId)
          .doesNotHaveDuplicates()
          .hasSize(12);
    }
    assertThat(DiskBufferTest.batchFiles(buffer)).isEmpty();
  }

  @Test
  void shutdownExportsWhatEndedBeforeItEvenAfterFailures() throws Exception {
    receiver.script(Reply.status(503));
    TestApp app =
        app()
            .config("otel.bsp.schedule.delay", "30s")
            .config("tracery.exporter.retry.initial-backoff", "1ms")
            .start();
    for (int i = 0; i < 7; i++) {
      app.bean(Worker.class).work();
    }
    app.close();

    assertThat(receiver.spans()).hasSize(7);
  }
}
