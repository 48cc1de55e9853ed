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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export against a real OTLP/HTTP endpoint that the test makes slow, down, 503,
 * 429-with-Retry-After or hanging: retries on schedule, the circuit breaker and its single log
 * lines, recovery, the disk buffer, and an application thread that is never held up.
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

  private static void await(Duration timeout, BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
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
    try (TestApp app = app().start()) {
      app.bean(Worker.class).work();

      List<ReceivedSpan> spans =
          receiver.await(Duration.ofSeconds(10), s -> !s.isEmpty(), "the span after retries");
      assertThat(spans).hasSize(1);
      List<RequestRecord> requests = receiver.requests();
      assertThat(requests)
          .extracting(RequestRecord::status)
          .containsExactly(503, 503, 502, 504, 200);
      long[] expectedMillis = {100, 150, 225, 337};
      for (int i = 1; i < requests.size(); i++) {
        long gapMillis =
            (requests.get(i).receivedNanos() - requests.get(i - 1).receivedNanos()) / 1_000_000;
        assertThat(gapMillis)
            .as("gap before attempt %d", i + 1)
            .isBetween(expectedMillis[i - 1] - 10, expectedMillis[i - 1] + 400);
      }
      assertThat(exporterAttribute("Retries")).isEqualTo(4L);
      assertThat(exporterAttribute("SpansExported")).isEqualTo(1L);
    }
  }

  @Test
  void honoursRetryAfter() throws Exception {
    receiver.script(Reply.retryAfter(429, "1"));
    try (TestApp app = app().start()) {
      app.bean(Worker.class).work();

      receiver.await(Duration.ofSeconds(10), s -> !s.isEmpty(), "the span after Retry-After");
      List<RequestRecord> requests = receiver.requests();
      assertThat(requests).extracting(RequestRecord::status).containsExactly(429, 200);
      long gapMillis =
          (requests.get(1).receivedNanos() - requests.get(0).receivedNanos()) / 1_000_000;
      assertThat(gapMillis).isBetween(950L, 2500L);
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
    try (TestApp app =
        app()
            .config("tracery.exporter.retry.max-attempts", "100")
            .config("tracery.exporter.retry.max-elapsed", "1s")
            .start()) {
      app.bean(Worker.class).work();
      await(
          Duration.ofSeconds(10),
          () -> {
            try {
              return ((Long) exporterAttribute("SpansFailed")) == 1L;
            } catch (Exception e) {
              return false;
            }
          },
          "the batch to fail");

      List<RequestRecord> requests = receiver.requests();
      long spentMillis =
          (requests.get(requests.size() - 1).receivedNanos() - requests.get(0).receivedNanos())
              / 1_000_000;
      assertThat(spentMillis).isLessThan(1000);
      assertThat(requests.size()).isBetween(4, 8);
    }
  }

  @Test
  void breakerOpensRefusesWithoutNetworkThenRecoversLoggingEachChangeOnce() throws Exception {
    receiver.alwaysReply(Reply.status(503));
    try (LogCaptures logs = LogCaptures.of("dev.tracery", "io.opentelemetry");
        TestApp app =
            app()
                .config("tracery.exporter.retry.max-attempts", "1")
                .config("tracery.exporter.circuit-breaker.open-duration", "2s")
                .start()) {
      for (int i = 1; i <= 5; i++) {
        app.bean(Worker.class).work();
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
        app.bean(Worker.class).work();
        Thread.sleep(25);
      }
      assertThat(receiver.requests()).as("no request while open").hasSize(requestsWhenOpened);

      receiver.alwaysReply(Reply.ok());
      Thread.sleep(2100);
      app.bean(Worker.class).work();
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
              .filter(r -> !r.getMessage().startsWith("Tracery is tracing"))
              .collect(Collectors.toList());
      assertThat(loud).extracting(LogRecord::getLevel).containsExactly(Level.WARNING, Level.INFO);
      assertThat(loud.get(0).getMessage()).contains("circuit breaker open").contains("HTTP 503");
      assertThat(loud.get(1).getMessage()).contains("circuit breaker closed");
      assertThat((Long) exporterAttribute("SpansDropped")).isGreaterThanOrEqualTo(20L);
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
      long p99 = nanos[(int) (calls * 0.99)];
      long p999 = nanos[(int) (calls * 0.999)];
      // A blocked call would take as long as the hanging collector: seconds, not microseconds.
      assertThat(p99).as("p99 of a traced call, ns").isLessThan(200_000);
      assertThat(p999).as("p99.9 of a traced call, ns").isLessThan(2_000_000);
      assertThat(nanos[calls - 1]).as("slowest traced call, ns").isLessThan(500_000_000L);
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
      Thread.sleep(300);
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
      Thread.sleep(300);
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
    TestApp app = app().config("otel.bsp.schedule.delay", "30s").start();
    for (int i = 0; i < 7; i++) {
      app.bean(Worker.class).work();
    }
    app.close();

    assertThat(receiver.spans()).hasSize(7);
  }
}
