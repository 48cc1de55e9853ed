package dev.tracery.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.tracery.Traced;
import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.OtlpReceiver.Reply;
import dev.tracery.testing.OtlpReceiver.RequestRecord;
import dev.tracery.testing.ReceivedSpan;
import jakarta.enterprise.context.Dependent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk buffer as an operator meets it, against a real OTLP/HTTP endpoint: a backlog delivered
 * after a restart without any new span, applications on one directory kept apart, a second instance
 * of an application waiting for the first, damaged files, a directory that cannot be used, a batch
 * refused on replay, and file permissions.
 */
class DiskBufferTest {

  @Dependent
  public static class Worker {
    @Traced
    public void work() {}
  }

  private static final Duration WAIT = Duration.ofSeconds(30);

  private OtlpReceiver receiver;

  @BeforeEach
  void startReceiver() {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  /** Short breaker durations, so that probes come within a second; one attempt per batch. */
  private static TestApp.Builder app(String service, OtlpReceiver collector, Path buffer) {
    return TestApp.builder()
        .isolated()
        .config("tracery.enabled", "true")
        .config("otel.traces.exporter", "otlp")
        .config("otel.service.name", service)
        .config("otel.exporter.otlp.endpoint", collector.endpoint())
        .config("otel.exporter.otlp.headers", "x-application=" + service)
        .config("otel.bsp.schedule.delay", "20ms")
        .config("tracery.exporter.retry.max-attempts", "1")
        .config("tracery.exporter.circuit-breaker.failure-threshold", "1")
        .config("tracery.exporter.circuit-breaker.open-duration", "1s")
        .config("tracery.exporter.buffer.directory", buffer.toString())
        .beans(Worker.class);
  }

  private TestApp.Builder app(Path buffer) {
    return app("backlog", receiver, buffer);
  }

  @Test
  void deliversWhatAnEarlierRunBufferedOnceTheCollectorIsBackWithoutAnyNewSpan(@TempDir Path buffer)
      throws Exception {
    receiver.down();
    try (TestApp first = app(buffer).start()) {
      Worker worker = first.bean(Worker.class);
      for (int i = 0; i < 1000; i++) {
        worker.work();
      }
      awaitStatistic("SpansBuffered", 1000L);
    }
    assertThat(batchFiles(buffer))
        .as("batches left by the first run")
        .hasSizeGreaterThanOrEqualTo(2);

    try (TestApp second = app(buffer).start()) {
      // The collector is still down when the new instance starts: its first replay fails and opens
      // the breaker.
      awaitStatistic("SpansBuffered", 1000L);
      awaitStatistic("CircuitBreakerState", "OPEN");
      receiver.up();

      List<ReceivedSpan> spans =
          receiver.await(WAIT, s -> s.size() >= 1000, "the 1,000 spans of the first run");
      awaitStatistic("SpansBuffered", 0L);
      assertThat(receiver.spans())
          .hasSize(1000)
          .extracting(ReceivedSpan::spanId)
          .doesNotHaveDuplicates();
      assertThat(spans).extracting(ReceivedSpan::startNanos).as("oldest first").isSorted();
      assertThat(statistic("SpansExported")).isEqualTo(1000L);
      assertThat(statistic("SpansDropped")).isEqualTo(0L);
      assertThat(batchFiles(buffer)).isEmpty();
    }
    await().atMost(WAIT).until(() -> bufferThreads().isEmpty());
  }

  @Test
  void deliversBacklogAndNewSpansEachOnceWhenTheyInterleave(@TempDir Path buffer) throws Exception {
    receiver.down();
    try (TestApp app = app(buffer).start()) {
      Worker worker = app.bean(Worker.class);
      for (int batch = 1; batch <= 15; batch++) {
        for (int i = 0; i < 20; i++) {
          worker.work();
        }
        awaitStatistic("SpansBuffered", batch * 20L);
      }
      assertThat(batchFiles(buffer)).as("more batches than one turn sends").hasSizeGreaterThan(10);

      receiver.up();
      for (int i = 0; i < 100; i++) {
        worker.work(); // new spans while the backlog is being sent
      }
      receiver.await(WAIT, s -> s.size() >= 400, "the 300 buffered and 100 new spans");
      awaitStatistic("SpansBuffered", 0L);
      assertThat(receiver.spans())
          .hasSize(400)
          .extracting(ReceivedSpan::spanId)
          .doesNotHaveDuplicates();
      assertThat(statistic("SpansExported")).isEqualTo(400L);
    }
  }

  @Test
  void twoApplicationsOnOneDirectoryEachDeliverOnlyTheirOwnSpansToTheirOwnCollector(
      @TempDir Path buffer) {
    try (OtlpReceiver ordersCollector = OtlpReceiver.start();
        OtlpReceiver billingCollector = OtlpReceiver.start()) {
      ordersCollector.down();
      billingCollector.down();
      try (TestApp orders = app("orders", ordersCollector, buffer).start();
          TestApp billing = app("billing", billingCollector, buffer).start()) {
        for (int i = 0; i < 200; i++) {
          orders.bean(Worker.class).work();
          billing.bean(Worker.class).work();
          billing.bean(Worker.class).work();
        }
        await()
            .atMost(WAIT)
            .until(
                () -> batchFiles(buffer).stream().mapToInt(DiskBufferTest::spansOf).sum() == 600);
        assertThat(subdirectories(buffer))
            .as("one subdirectory per application")
            .hasSize(2)
            .anySatisfy(name -> assertThat(name).startsWith("orders--"))
            .anySatisfy(name -> assertThat(name).startsWith("billing--"));

        ordersCollector.up();
        billingCollector.up();
        ordersCollector.await(WAIT, s -> s.size() >= 200, "the spans of orders");
        billingCollector.await(WAIT, s -> s.size() >= 400, "the spans of billing");
        await().atMost(WAIT).until(() -> batchFiles(buffer).isEmpty());
      }
      assertThat(ordersCollector.spans())
          .hasSize(200)
          .extracting(ReceivedSpan::spanId)
          .doesNotHaveDuplicates();
      assertThat(ordersCollector.spans())
          .allSatisfy(
              span -> assertThat(span.resourceAttribute("service.name")).isEqualTo("orders"));
      assertThat(ordersCollector.requests())
          .allSatisfy(request -> assertThat(header(request, "x-application")).isEqualTo("orders"));
      assertThat(billingCollector.spans())
          .hasSize(400)
          .extracting(ReceivedSpan::spanId)
          .doesNotHaveDuplicates();
      assertThat(billingCollector.spans())
          .allSatisfy(
              span -> assertThat(span.resourceAttribute("service.name")).isEqualTo("billing"));
      assertThat(billingCollector.requests())
          .allSatisfy(request -> assertThat(header(request, "x-application")).isEqualTo("billing"));
    }
  }

  @Test
  void aSecondInstanceOfTheApplicationRunsWithoutBufferWhileTheFirstHoldsItThenTakesItOver(
      @TempDir Path buffer) throws Exception {
    receiver.down();
    try (LogCaptures logs = LogCaptures.of("dev.tracery")) {
      TestApp first = app(buffer).start();
      TestApp second = null;
      try {
        for (int i = 0; i < 10; i++) {
          first.bean(Worker.class).work();
        }
        await()
            .atMost(WAIT)
            .until(() -> batchFiles(buffer).stream().mapToInt(DiskBufferTest::spansOf).sum() == 10);

        // A redeploy that starts the new copy while the old one still runs.
        second = app(buffer).start();
        for (int i = 0; i < 5; i++) {
          second.bean(Worker.class).work();
        }
        // Both copies are registered: the first drops nothing, it buffers.
        await().atMost(WAIT).until(() -> statisticSum("SpansDropped") == 5L);
        assertThat(warnings(logs))
            .anySatisfy(message -> assertThat(message).contains("held by another instance"));
        first.close();
        first = null;

        // The second copy, alone now: what it could not keep was dropped and counted; it took the
        // directory over with the first copy's batches.
        awaitStatistic("SpansDropped", 5L);
        awaitStatistic("SpansBuffered", 10L);
        receiver.up();
        receiver.await(WAIT, s -> s.size() >= 10, "the first copy's 10 spans");
        awaitStatistic("SpansBuffered", 0L);
        assertThat(receiver.spans())
            .hasSize(10)
            .extracting(ReceivedSpan::spanId)
            .doesNotHaveDuplicates();
      } finally {
        if (first != null) {
          first.close();
        }
        if (second != null) {
          second.close();
        }
      }
      assertThat(
              warnings(logs).stream()
                  .filter(message -> message.contains("held by another instance")))
          .hasSize(1);
    }
  }

  @Test
  void damagedFilesAreSetAsideAndCountedAndTemporaryFilesRemovedWithoutStoppingReplay(
      @TempDir Path buffer) throws Exception {
    receiver.down();
    try (TestApp first = app(buffer).start()) {
      for (int i = 1; i <= 4; i++) {
        first.bean(Worker.class).work();
        int expected = i;
        await().atMost(WAIT).until(() -> batchFiles(buffer).size() == expected);
      }
    }
    List<Path> files = batchFiles(buffer);
    assertThat(files).hasSize(4);
    int spans = files.stream().mapToInt(DiskBufferTest::spansOf).sum();
    int truncatedSpans = spansOf(files.get(0));
    int alteredSpans = spansOf(files.get(2));
    byte[] whole = Files.readAllBytes(files.get(0));
    Files.write(files.get(0), java.util.Arrays.copyOf(whole, whole.length / 2)); // truncated
    byte[] altered = Files.readAllBytes(files.get(2));
    altered[altered.length - 3] ^= 0x5a; // one byte changed in the request
    Files.write(files.get(2), altered);
    Path directory = files.get(0).getParent();
    Files.write(directory.resolve("garbage.otlp"), new byte[] {1, 2, 3});
    Path temporary = directory.resolve("0000000000000000009-1.otlp.tmp");
    Files.write(temporary, new byte[] {1, 2});

    receiver.up();
    try (LogCaptures logs = LogCaptures.of("dev.tracery");
        TestApp second = app(buffer).start()) {
      int delivered = spans - truncatedSpans - alteredSpans;
      receiver.await(WAIT, s -> s.size() >= delivered, "the spans of the intact batches");
      awaitStatistic("SpansBuffered", 0L);
      assertThat(receiver.spans())
          .hasSize(delivered)
          .extracting(ReceivedSpan::spanId)
          .doesNotHaveDuplicates();
      assertThat(statistic("SpansDropped")).isEqualTo((long) (truncatedSpans + alteredSpans));
      assertThat(statistic("BufferFilesSetAside")).isEqualTo(3L);
      assertThat(Files.exists(temporary)).as("temporary file left by a crash").isFalse();
      try (Stream<Path> left = Files.list(directory)) {
        assertThat(
                left.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".corrupt")))
            .containsExactlyInAnyOrder(
                files.get(0).getFileName() + ".corrupt",
                files.get(2).getFileName() + ".corrupt",
                "garbage.otlp.corrupt");
      }
      assertThat(warnings(logs))
          .singleElement()
          .satisfies(message -> assertThat(message).contains("not a complete batch"));
    }
  }

  @Test
  void aDirectoryThatCannotBeUsedMeansDroppedAndCountedWithOneWarningAndNoFailure(
      @TempDir Path temp) throws Exception {
    Path notADirectory = Files.write(temp.resolve("a-file"), new byte[] {1});
    receiver.down();
    try (LogCaptures logs = LogCaptures.of("dev.tracery");
        TestApp app = app(notADirectory.resolve("buffer")).start()) {
      for (int i = 1; i <= 5; i++) {
        assertThatCode(() -> app.bean(Worker.class).work()).doesNotThrowAnyException();
        awaitStatistic("SpansDropped", (long) i);
      }
      assertThat(statistic("SpansBuffered")).isEqualTo(0L);
      assertThat(warnings(logs))
          .singleElement()
          .satisfies(message -> assertThat(message).contains("cannot be used"));
    }
  }

  @Test
  void aBufferDirectoryThatBreaksWhileRunningMeansDroppedAndCountedWithOneWarning(
      @TempDir Path buffer) throws Exception {
    receiver.down();
    try (LogCaptures logs = LogCaptures.of("dev.tracery");
        TestApp app = app(buffer).start()) {
      app.bean(Worker.class).work();
      awaitStatistic("SpansBuffered", 1L);
      // The application's directory disappears under it, as a full or failed volume would refuse
      // writes.
      Path directory = batchFiles(buffer).get(0).getParent();
      try (Stream<Path> files = Files.list(directory)) {
        for (Path file : files.collect(Collectors.toList())) {
          Files.delete(file);
        }
      }
      Files.delete(directory);
      Files.write(directory, new byte[] {1});
      for (int i = 1; i <= 5; i++) {
        assertThatCode(() -> app.bean(Worker.class).work()).doesNotThrowAnyException();
        awaitStatistic("SpansDropped", (long) i);
      }
      assertThat(warnings(logs))
          .singleElement()
          .satisfies(message -> assertThat(message).contains("cannot be used"));
    }
  }

  @Test
  void aBatchTheCollectorRefusesOnReplayIsCountedDroppedNotExported(@TempDir Path buffer)
      throws Exception {
    receiver.down();
    try (TestApp first = app(buffer).start()) {
      first.bean(Worker.class).work();
      await().atMost(WAIT).until(() -> batchFiles(buffer).size() == 1);
      first.bean(Worker.class).work();
      first.bean(Worker.class).work();
      await()
          .atMost(WAIT)
          .until(() -> batchFiles(buffer).stream().mapToInt(DiskBufferTest::spansOf).sum() == 3);
    }
    int refused = spansOf(batchFiles(buffer).get(0));

    receiver.script(Reply.status(400));
    receiver.up();
    try (TestApp second = app(buffer).start()) {
      receiver.await(WAIT, s -> s.size() >= 3 - refused, "the batches after the refused one");
      awaitStatistic("SpansBuffered", 0L);
      assertThat(receiver.requests())
          .extracting(RequestRecord::status)
          .startsWith(400)
          .contains(200);
      assertThat(receiver.spans()).hasSize(3 - refused);
      assertThat(statistic("SpansDropped")).isEqualTo((long) refused);
      assertThat(statistic("SpansExported")).isEqualTo((long) (3 - refused));
    }
    assertThat(batchFiles(buffer)).isEmpty();
  }

  @Test
  void filesAreTheOwnersAloneWhereTheFileSystemHasPosixPermissions(@TempDir Path temp)
      throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        temp.getFileSystem().supportedFileAttributeViews().contains("posix"),
        "a POSIX file system");
    Path base = temp.resolve("created-by-tracery");
    receiver.down();
    try (TestApp app = app(base).start()) {
      app.bean(Worker.class).work();
      awaitStatistic("SpansBuffered", 1L);
      Path directory = batchFiles(base).get(0).getParent();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(base)))
          .isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
          .isEqualTo("rwx------");
      try (Stream<Path> files = Files.list(directory)) {
        assertThat(files.collect(Collectors.toList()))
            .hasSize(2) // the batch and the lock file
            .allSatisfy(
                file ->
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                        .isEqualTo("rw-------"));
      }
    }
  }

  @Test
  void keepsNoThreadWhileNothingIsBufferedAndNoneAfterItStops(@TempDir Path buffer)
      throws Exception {
    try (TestApp app = app(buffer).start()) {
      app.bean(Worker.class).work();
      receiver.await(WAIT, s -> s.size() == 1, "the span");
      assertThat(bufferThreads()).isEmpty();

      receiver.down();
      app.bean(Worker.class).work();
      awaitStatistic("SpansBuffered", 1L);
      // The batch is counted as buffered just before its probe is scheduled: wait for the timer.
      await("the probe timer while something is buffered")
          .atMost(WAIT)
          .until(() -> bufferThreads().size() == 1);
    }
    await().atMost(WAIT).until(() -> bufferThreads().isEmpty());
  }

  // ---------------------------------------------------------------------------------------------------

  private static List<Thread> bufferThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.isAlive() && thread.getName().equals("tracery-exporter-buffer"))
        .collect(Collectors.toList());
  }

  /** The buffered batches in all applications' subdirectories, oldest first within each. */
  static List<Path> batchFiles(Path base) {
    if (!Files.isDirectory(base)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(base, 2)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".otlp"))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> subdirectories(Path base) {
    try (Stream<Path> entries = Files.list(base)) {
      return entries
          .filter(Files::isDirectory)
          .map(path -> path.getFileName().toString())
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int spansOf(Path file) {
    String name = file.getFileName().toString();
    return Integer.parseInt(
        name.substring(name.indexOf('-') + 1, name.length() - ".otlp".length()));
  }

  private static String header(RequestRecord request, String name) {
    return request.headers().entrySet().stream()
        .filter(entry -> entry.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .flatMap(List::stream)
        .findFirst()
        .orElse(null);
  }

  private static List<String> warnings(LogCaptures logs) {
    return logs.records().stream()
        .filter(record -> record.getLevel().intValue() >= Level.WARNING.intValue())
        .filter(record -> record.getLoggerName().contains("Buffer"))
        .map(LogRecord::getMessage)
        .collect(Collectors.toList());
  }

  /** The one exporter MXBean registered now (one application running). */
  private static Object statistic(String attribute) throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Set<ObjectName> names = server.queryNames(new ObjectName("dev.tracery:type=Exporter,*"), null);
    assertThat(names).as("exporter MXBeans registered").hasSize(1);
    return server.getAttribute(names.iterator().next(), attribute);
  }

  /** The sum over all exporter MXBeans registered now. */
  private static long statisticSum(String attribute) throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    long sum = 0;
    for (ObjectName name : server.queryNames(new ObjectName("dev.tracery:type=Exporter,*"), null)) {
      sum += (Long) server.getAttribute(name, attribute);
    }
    return sum;
  }

  private static void awaitStatistic(String attribute, Object expected) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(statistic(attribute)).isEqualTo(expected));
  }
}
