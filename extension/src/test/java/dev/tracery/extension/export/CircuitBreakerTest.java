package dev.tracery.extension.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.extension.LogCaptures;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The breaker's states, as the MXBean shows them, on a clock the test controls. */
class CircuitBreakerTest {

  private final AtomicLong now = new AtomicLong();
  private final ExportStatistics statistics = new ExportStatistics();
  private final CircuitBreaker breaker =
      new CircuitBreaker(
          "http://collector:4318/v1/traces",
          ExportSettings.builder().nanoTime(now::get).build(),
          statistics);

  private void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  @Test
  void opensAfterFiveConsecutiveFailuresAndRefusesUntilThirtySecondsPassed() {
    for (int i = 0; i < 4; i++) {
      assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.Permit.EXPORT);
      breaker.onFailure("HTTP 503");
    }
    assertThat(statistics.getCircuitBreakerState()).isEqualTo("CLOSED");
    breaker.onFailure("HTTP 503");
    assertThat(statistics.getCircuitBreakerState()).isEqualTo("OPEN");

    advance(Duration.ofSeconds(29));
    assertThat(breaker.refusing()).isTrue();
    assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.Permit.REFUSE);
    advance(Duration.ofSeconds(1));
    assertThat(breaker.refusing()).as("the probe is due").isFalse();
    assertThat(statistics.getCircuitBreakerState()).as("asking changed nothing").isEqualTo("OPEN");
    assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.Permit.PROBE);
    assertThat(statistics.getCircuitBreakerState()).isEqualTo("HALF_OPEN");
    assertThat(breaker.refusing()).as("the probe is under way").isTrue();
    assertThat(breaker.tryAcquire())
        .as("one probe at a time")
        .isEqualTo(CircuitBreaker.Permit.REFUSE);
  }

  @Test
  void aSuccessInBetweenResetsTheCount() {
    for (int i = 0; i < 4; i++) {
      breaker.onFailure("timed out");
    }
    breaker.onSuccess();
    for (int i = 0; i < 4; i++) {
      breaker.onFailure("timed out");
    }
    assertThat(statistics.getCircuitBreakerState()).isEqualTo("CLOSED");
  }

  @Test
  void probeSuccessClosesProbeFailureReopensForAnotherPeriod() {
    for (int i = 0; i < 5; i++) {
      breaker.onFailure("connection refused");
    }
    advance(Duration.ofSeconds(30));
    assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.Permit.PROBE);
    breaker.onFailure("connection refused");
    assertThat(statistics.getCircuitBreakerState()).isEqualTo("OPEN");
    advance(Duration.ofSeconds(29));
    assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.Permit.REFUSE);
    advance(Duration.ofSeconds(1));
    assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.Permit.PROBE);
    breaker.onSuccess();
    assertThat(statistics.getCircuitBreakerState()).isEqualTo("CLOSED");
    assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.Permit.EXPORT);
    assertThat(statistics.getCircuitBreakerOpened()).isEqualTo(1);
    assertThat(statistics.getCircuitBreakerClosed()).isEqualTo(1);
  }

  @Test
  void logsOneWarningWhenOpeningAndOneInfoWhenClosingAndNothingPerFailure() {
    try (LogCaptures logs = LogCaptures.of(CircuitBreaker.class.getName())) {
      for (int i = 0; i < 20; i++) {
        breaker.onFailure("HTTP 503");
      }
      advance(Duration.ofSeconds(30));
      breaker.tryAcquire();
      breaker.onFailure("HTTP 503");
      advance(Duration.ofSeconds(30));
      breaker.tryAcquire();
      breaker.onSuccess();

      assertThat(logs.records())
          .extracting(LogRecord::getLevel)
          .containsExactly(Level.WARNING, Level.INFO);
      assertThat(logs.records().get(0).getMessage())
          .contains("circuit breaker open")
          .contains("http://collector:4318/v1/traces")
          .contains("HTTP 503");
      assertThat(logs.records().get(1).getMessage()).contains("circuit breaker closed");
    }
  }

  @Test
  void aProbeNeverReportedDoesNotKeepTheBreakerRefusingForever() {
    for (int i = 0; i < 5; i++) {
      breaker.onFailure("timed out");
    }
    advance(Duration.ofSeconds(30));
    assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.Permit.PROBE);
    advance(Duration.ofSeconds(29));
    assertThat(breaker.tryAcquire())
        .as("the probe may still be under way")
        .isEqualTo(CircuitBreaker.Permit.REFUSE);
    advance(Duration.ofSeconds(1));
    assertThat(breaker.refusing()).isFalse();
    assertThat(breaker.tryAcquire())
        .as("a whole open duration without news: the probe was lost")
        .isEqualTo(CircuitBreaker.Permit.PROBE);
    breaker.onSuccess();
    assertThat(statistics.getCircuitBreakerState()).isEqualTo("CLOSED");
  }
}
