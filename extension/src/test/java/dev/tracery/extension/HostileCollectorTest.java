package dev.tracery.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tracery.Traced;
import dev.tracery.testing.HostileEndpoint;
import dev.tracery.testing.HostileEndpoint.Behaviour;
import dev.tracery.testing.ReceivedSpan;
import jakarta.enterprise.context.Dependent;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Export against a collector or proxy that misbehaves in the middle of a response (issue 10):
 * headers and then no body, a body that never ends, a reset, bytes that are not HTTP, a huge body,
 * and {@code Retry-After} values no one should wait for. In each case the application's calls
 * return at once, and once the collector behaves, the spans ended after that are delivered, each
 * once.
 */
class HostileCollectorTest {

  @Dependent
  public static class Worker {
    @Traced
    public void work() {}
  }

  private HostileEndpoint collector;

  @BeforeEach
  void startCollector() {
    collector = HostileEndpoint.start();
  }

  @AfterEach
  void stopCollector() {
    collector.close();
  }

  private TestApp.Builder app() {
    return TestApp.builder()
        .config("tracery.enabled", "true")
        .config("otel.traces.exporter", "otlp")
        .config("otel.service.name", "hostile")
        .config("otel.exporter.otlp.endpoint", collector.endpoint())
        .config("otel.exporter.otlp.timeout", "1s")
        .config("otel.bsp.schedule.delay", "20ms")
        .beans(Worker.class);
  }

  static long exporterCount(String attribute) {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      Set<ObjectName> names =
          server.queryNames(new ObjectName("dev.tracery:type=Exporter,*"), null);
      assertThat(names).hasSize(1);
      return (Long) server.getAttribute(names.iterator().next(), attribute);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Ends {@code count} spans on another thread and shows that the calls return promptly. */
  private static void endSpansWithoutBeingHeldUp(TestApp app, int count) {
    Worker worker = app.bean(Worker.class);
    CompletableFuture<Void> calls =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 0; i < count; i++) {
                worker.work();
              }
            });
    // A call held up by the collector would wait for the attempt's timeout (1 s) or forever.
    await("the application's calls").atMost(Duration.ofMillis(900)).until(calls::isDone);
  }

  /**
   * The first batch meets {@code hostile} on each attempt, then the collector behaves: the 20 spans
   * ended while it misbehaved arrive, and so does the first one, each once, with the counts adding
   * up.
   */
  private void recoversFrom(Behaviour... hostile) {
    collector.script(hostile);
    try (TestApp app = app().start()) {
      app.bean(Worker.class).work();
      await("the hostile answers")
          .atMost(Duration.ofSeconds(20))
          .until(() -> collector.requests().size() >= hostile.length);

      endSpansWithoutBeingHeldUp(app, 20);

      collector.await(
          Duration.ofSeconds(20),
          spans -> spans.size() >= 21,
          "the first span and the 20 after it");
      assertThat(collector.spans())
          .extracting(ReceivedSpan::spanId)
          .doesNotHaveDuplicates()
          .hasSize(21);
      await("the counts")
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                assertThat(exporterCount("SpansExported")).isEqualTo(21);
                assertThat(exporterCount("SpansDropped")).isZero();
                assertThat(exporterCount("SpansQueued")).isZero();
              });
      assertThat(exporterCount("Retries"))
          .as("each hostile answer was a failed attempt, retried")
          .isEqualTo(hostile.length);
    }
  }

  @Test
  void deliversAfterACollectorThatSendsHeadersAndThenNoBody() {
    recoversFrom(Behaviour.stallBodyAfterHeaders(200), Behaviour.stallBodyAfterHeaders(200));
  }

  @Test
  void deliversAfterAResponseBodyThatNeverEnds() {
    recoversFrom(Behaviour.endlessBody(200), Behaviour.endlessBody(503));
  }

  @Test
  void deliversAfterAConnectionResetInTheMiddleOfTheRequest() {
    recoversFrom(Behaviour.resetMidRequest(), Behaviour.resetMidRequest());
  }

  @Test
  void deliversAfterAnAnswerThatIsNotHttp() {
    recoversFrom(Behaviour.notHttp(), Behaviour.notHttp());
  }

  @Test
  void aStalledCollectorOpensTheBreakerAndSpansFlowAgainOnceItBehaves() {
    collector.always(Behaviour.stallBodyAfterHeaders(200));
    try (TestApp app =
        app()
            .config("otel.exporter.otlp.timeout", "300ms")
            .config("tracery.exporter.retry.max-attempts", "1")
            .config("tracery.exporter.circuit-breaker.failure-threshold", "2")
            .config("tracery.exporter.circuit-breaker.open-duration", "1s")
            .start()) {
      for (int i = 1; i <= 2; i++) {
        app.bean(Worker.class).work();
        int expected = i;
        await().atMost(Duration.ofSeconds(10)).until(() -> collector.requests().size() >= expected);
      }
      await("the breaker to open")
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  HostileCollectorTest.<String>exporterAttribute("CircuitBreakerState")
                      .equals("OPEN"));

      collector.always(Behaviour.ok());
      // Spans keep ending; once the breaker's probe goes through, the ones after it arrive.
      await("spans after recovery")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                app.bean(Worker.class).work();
                return collector.spans().size() >= 5;
              });
      assertThat(HostileCollectorTest.<String>exporterAttribute("CircuitBreakerState"))
          .isEqualTo("CLOSED");
      assertThat(exporterCount("CircuitBreakerOpened")).isEqualTo(1);
    }
  }

  @SuppressWarnings("unchecked")
  static <T> T exporterAttribute(String attribute) {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      Set<ObjectName> names =
          server.queryNames(new ObjectName("dev.tracery:type=Exporter,*"), null);
      return (T) server.getAttribute(names.iterator().next(), attribute);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void readsOnlyABoundedPartOfAHugeResponseBody() {
    long huge = 512L * 1024 * 1024;
    collector.script(Behaviour.hugeBody(200, huge), Behaviour.hugeBody(503, huge));
    try (TestApp app = app().config("otel.exporter.otlp.timeout", "10s").start()) {
      app.bean(Worker.class).work();
      collector.await(
          Duration.ofSeconds(20), spans -> spans.size() >= 1, "the span answered with a huge body");
      app.bean(Worker.class).work(); // meets the 503 with a huge body, then is retried
      collector.await(
          Duration.ofSeconds(20), spans -> spans.size() >= 2, "the span retried after the 503");

      endSpansWithoutBeingHeldUp(app, 20);
      collector.await(
          Duration.ofSeconds(20), spans -> spans.size() >= 22, "the spans after the huge bodies");

      assertThat(collector.spans())
          .extracting(ReceivedSpan::spanId)
          .doesNotHaveDuplicates()
          .hasSize(22);
      // The sender stopped reading after a few KiB and closed the connection: of 2 x 512 MiB, the
      // endpoint could write no more than what the sockets' buffers take.
      assertThat(collector.bodyBytesWritten()).isLessThan(64L * 1024 * 1024);
    }
  }

  /**
   * A Retry-After no budget reaches ends that batch's attempts at once (dropped and counted without
   * a disk buffer); the sender does not wait for it, and the spans after it arrive.
   */
  private void doesNotWaitFor(String retryAfter) {
    collector.script(Behaviour.retryAfter(429, retryAfter));
    try (TestApp app = app().start()) {
      app.bean(Worker.class).work();
      await().atMost(Duration.ofSeconds(10)).until(() -> collector.requests().size() >= 1);

      endSpansWithoutBeingHeldUp(app, 20);

      collector.await(
          Duration.ofSeconds(10),
          spans -> spans.size() >= 20,
          "the 20 spans after Retry-After: " + retryAfter);
      await("the counts")
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                assertThat(exporterCount("SpansExported")).isEqualTo(20);
                assertThat(exporterCount("SpansDropped"))
                    .as("the batch that was told to come back later")
                    .isEqualTo(1);
                assertThat(exporterCount("SpansQueued")).isZero();
              });
      assertThat(exporterCount("Retries")).isZero();
    }
  }

  @Test
  void doesNotWaitForARetryAfterOfThreeThousandYears() {
    doesNotWaitFor("99999999999");
  }

  @Test
  void doesNotWaitForARetryAfterWithMoreDigitsThanALong() {
    doesNotWaitFor("99999999999999999999999999");
  }

  @Test
  void doesNotWaitForARetryAfterDateInTheYear9999() {
    doesNotWaitFor("Fri, 31 Dec 9999 23:59:59 GMT");
  }

  /**
   * A Retry-After that means nothing (or now) leaves the configured backoff: the batch is retried.
   */
  private void retriesOnTheBackoffDespite(String retryAfter) {
    collector.script(Behaviour.retryAfter(503, retryAfter));
    try (TestApp app = app().start()) {
      app.bean(Worker.class).work();
      collector.await(Duration.ofSeconds(10), spans -> spans.size() >= 1, "the retried span");
      assertThat(collector.requests()).hasSize(2);
      assertThat(exporterCount("Retries")).isEqualTo(1);
      assertThat(exporterCount("SpansDropped")).isZero();
    }
  }

  @Test
  void ignoresANegativeRetryAfter() {
    retriesOnTheBackoffDespite("-5");
  }

  @Test
  void ignoresAMalformedRetryAfter() {
    retriesOnTheBackoffDespite("in a while, maybe");
  }

  @Test
  void retriesAtOnceForARetryAfterDateInThePast() {
    retriesOnTheBackoffDespite("Thu, 01 Jan 1970 00:00:00 GMT");
  }
}
