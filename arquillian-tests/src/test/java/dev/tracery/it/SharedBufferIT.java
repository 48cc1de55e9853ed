package dev.tracery.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two WARs on one WildFly share one {@code tracery.exporter.buffer.directory}, each with its own
 * collector. Both collectors are down while the applications make spans, so every span goes to the
 * disk buffer; then both come back, and with no new traffic each collector receives exactly its own
 * application's spans, all of them, each once. (Runs on WildFly's standalone.xml only: the
 * behaviour is Tracery's, not the server's, and one server keeps CI short.)
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SharedBufferIT {

  static final OtlpReceiver LEDGER_COLLECTOR = OtlpReceiver.start();
  static final OtlpReceiver DISPATCH_COLLECTOR = OtlpReceiver.start();
  static final Path BUFFER = sharedDirectory();
  static final int REQUESTS = 10;

  static Path sharedDirectory() {
    try {
      return Files.createTempDirectory(Path.of("target").toAbsolutePath(), "shared-buffer-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static WebArchive war(String name, OtlpReceiver collector) {
    return Deployments.tracedWar(
        name,
        Map.of(
            "tracery.enabled", "true",
            "otel.service.name", name,
            "otel.exporter.otlp.endpoint", collector.endpoint(),
            "otel.bsp.schedule.delay", "100ms",
            "tracery.exporter.buffer.directory", BUFFER.toString(),
            "tracery.exporter.retry.max-attempts", "1",
            "tracery.exporter.circuit-breaker.failure-threshold", "1",
            "tracery.exporter.circuit-breaker.open-duration", "1s"));
  }

  @Deployment(name = "diag", order = 1, testable = false)
  static WebArchive diag() {
    return Deployments.diagWar();
  }

  @Deployment(name = "ledger", order = 2, testable = false)
  static WebArchive ledger() {
    return war("ledger", LEDGER_COLLECTOR);
  }

  @Deployment(name = "dispatch", order = 3, testable = false)
  static WebArchive dispatch() {
    return war("dispatch", DISPATCH_COLLECTOR);
  }

  @AfterAll
  static void stopCollectors() throws IOException {
    LEDGER_COLLECTOR.close();
    DISPATCH_COLLECTOR.close();
    if (Files.exists(BUFFER)) {
      try (Stream<Path> files = Files.walk(BUFFER)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Test
  void eachCollectorReceivesExactlyItsOwnApplicationsBufferedSpans(
      @ArquillianResource @OperateOnDeployment("diag") URL diag,
      @ArquillianResource @OperateOnDeployment("ledger") URL ledger,
      @ArquillianResource @OperateOnDeployment("dispatch") URL dispatch)
      throws Exception {
    // How many spans one request makes, seen while the collectors are up.
    assertThat(Http.getOk(ledger, "api/greeting?name=warm-up")).isEqualTo("hello warm-up!");
    int perRequest = spansOfOneTrace(LEDGER_COLLECTOR);
    assertThat(Http.getOk(dispatch, "api/greeting?name=warm-up")).isEqualTo("hello warm-up!");
    assertThat(spansOfOneTrace(DISPATCH_COLLECTOR)).isEqualTo(perRequest);
    Map<String, Long> exportedBefore = counts(diag, "SpansExported");

    LEDGER_COLLECTOR.down();
    DISPATCH_COLLECTOR.down();
    LEDGER_COLLECTOR.clear();
    DISPATCH_COLLECTOR.clear();
    for (int i = 0; i < REQUESTS; i++) {
      assertThat(Http.getOk(ledger, "api/greeting?name=ledger-" + i))
          .isEqualTo("hello ledger-" + i + "!");
      assertThat(Http.getOk(dispatch, "api/greeting?name=dispatch-" + i))
          .isEqualTo("hello dispatch-" + i + "!");
    }
    int expected = REQUESTS * perRequest;
    // Every span of the outage is in the disk buffer before the collectors come back.
    await(
        Duration.ofSeconds(60),
        () ->
            "all "
                + expected
                + " spans of each application in the disk buffer "
                + BUFFER
                + "; the exporters' MXBeans say:\n"
                + Http.getOk(diag, "diag/exporters"),
        () -> {
          Map<String, Long> buffered = counts(diag, "SpansBuffered");
          return buffered.values().size() == 2
              && buffered.values().stream().allMatch(n -> n == expected);
        });
    assertThat(counts(diag, "SpansDropped").values()).containsOnly(0L);

    // The collectors come back; the applications get no new request.
    LEDGER_COLLECTOR.up();
    DISPATCH_COLLECTOR.up();
    List<ReceivedSpan> ledgerSpans =
        LEDGER_COLLECTOR.await(
            Duration.ofSeconds(60), s -> s.size() >= expected, expected + " ledger spans");
    List<ReceivedSpan> dispatchSpans =
        DISPATCH_COLLECTOR.await(
            Duration.ofSeconds(60), s -> s.size() >= expected, expected + " dispatch spans");
    await(
        Duration.ofSeconds(30),
        () ->
            "both disk buffers empty; the exporters' MXBeans say:\n"
                + Http.getOk(diag, "diag/exporters"),
        () -> counts(diag, "SpansBuffered").values().stream().allMatch(n -> n == 0));

    assertOwnSpansOnly(LEDGER_COLLECTOR.spans(), "ledger", expected);
    assertOwnSpansOnly(DISPATCH_COLLECTOR.spans(), "dispatch", expected);
    assertThat(ledgerSpans).isNotEmpty();
    assertThat(dispatchSpans).isNotEmpty();
    Map<String, Long> exportedAfter = counts(diag, "SpansExported");
    for (String application : exportedAfter.keySet()) {
      assertThat(exportedAfter.get(application) - exportedBefore.getOrDefault(application, 0L))
          .as("spans %s exported after the outage", application)
          .isEqualTo(expected);
    }
  }

  /** All {@code expected} spans of the outage, each once, every one of this application. */
  private static void assertOwnSpansOnly(
      List<ReceivedSpan> spans, String application, int expected) {
    assertThat(spans).as("spans at %s's collector", application).hasSize(expected);
    assertThat(spans)
        .allSatisfy(
            span ->
                assertThat(span.resourceAttribute("service.name"))
                    .as("service of %s", span.name())
                    .isEqualTo(application));
    assertThat(spans.stream().map(ReceivedSpan::spanId).distinct().count())
        .as("distinct spans")
        .isEqualTo(expected);
    Set<Object> greeted =
        spans.stream()
            .map(span -> span.attribute("greeting.name"))
            .filter(name -> name != null)
            .collect(Collectors.toSet());
    Set<String> requested =
        Stream.iterate(0, i -> i + 1)
            .limit(REQUESTS)
            .map(i -> application + "-" + i)
            .collect(Collectors.toSet());
    assertThat(greeted)
        .as("greetings traced at %s's collector", application)
        .isEqualTo(Set.copyOf(requested));
  }

  /**
   * Waits for the warm-up trace to arrive whole (no new span for a while); returns its span count.
   */
  private static int spansOfOneTrace(OtlpReceiver collector) throws Exception {
    collector.await(
        Duration.ofSeconds(30),
        s -> s.stream().anyMatch(span -> span.name().equals("Greeter.greet")),
        "the warm-up trace");
    int[] last = {-1};
    long[] stableSince = {System.nanoTime()};
    await(
        Duration.ofSeconds(10),
        () -> "the warm-up trace complete",
        () -> {
          int now = collector.spans().size();
          if (now != last[0]) {
            last[0] = now;
            stableSince[0] = System.nanoTime();
            return false;
          }
          return System.nanoTime() - stableSince[0] > Duration.ofSeconds(1).toNanos();
        });
    int count = collector.spans().size();
    collector.clear();
    return count;
  }

  /** One MXBean attribute of each application, as the server's JMX shows it. */
  private static Map<String, Long> counts(URL diag, String attribute) throws Exception {
    Map<String, Long> counts = new HashMap<>();
    for (String line : Http.getOk(diag, "diag/exporters").split("\n")) {
      String[] fields = line.trim().split("\\|");
      String application = fields[0].replace("\"", "");
      for (int i = 1; i < fields.length; i++) {
        if (fields[i].startsWith(attribute + "=")) {
          String key =
              application.contains("ledger")
                  ? "ledger"
                  : application.contains("dispatch") ? "dispatch" : application;
          counts.put(key, Long.parseLong(fields[i].substring(attribute.length() + 1)));
        }
      }
    }
    counts.keySet().retainAll(Set.of("ledger", "dispatch"));
    return counts;
  }

  /**
   * Polls {@code condition} every 200 ms; fails after {@code timeout} saying what was awaited and
   * what was seen.
   */
  private static void await(Duration timeout, Checked<String> what, Checked<Boolean> condition)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what.get());
      }
      Thread.sleep(200);
    }
  }

  @FunctionalInterface
  interface Checked<T> {
    T get() throws Exception;
  }
}
