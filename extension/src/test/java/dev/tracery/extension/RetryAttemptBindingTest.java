package dev.tracery.extension;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracery.Spans;
import dev.tracery.Traced;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.junit.jupiter.api.Test;

/**
 * The attempt interceptor is bound at deployment to exactly the {@code @Traced} methods that carry
 * {@code @Retry}, and runs inside the method's span. No Fault Tolerance implementation here, so
 * each call is one attempt (the server test FaultToleranceRetryIT checks real retries).
 */
class RetryAttemptBindingTest {

  @ApplicationScoped
  public static class Rates {
    @Traced
    @Retry(maxRetries = 2)
    public String fetch() {
      return "rates";
    }

    @Traced
    @Retry
    public String broken() {
      throw new IllegalStateException("down");
    }

    @Traced
    public String unretried() {
      return "plain";
    }
  }

  @ApplicationScoped
  @Traced
  @Retry
  public static class RetriedClass {
    public String call() {
      return "class";
    }
  }

  @Test
  void retriedTracedMethodHasAnAttemptSpanUnderItsSpan() {
    try (TestApp app = TestApp.enabled(Rates.class)) {
      assertThat(app.bean(Rates.class).fetch()).isEqualTo("rates");

      assertThat(app.spans()).hasSize(2);
      SpanData attempt = app.spans().get(0);
      SpanData operation = app.spans().get(1);
      assertThat(operation)
          .hasName("Rates.fetch")
          .hasAttribute(Spans.RETRY_ATTEMPTS, 1L)
          .hasAttribute(Spans.RETRY_OUTCOME, "success");
      assertThat(attempt)
          .hasName("Rates.fetch")
          .hasKind(SpanKind.INTERNAL)
          .hasParent(operation)
          .hasAttribute(Spans.RETRY_ATTEMPT, 1L)
          .hasAttribute(Spans.RETRY_OUTCOME, "success");
    }
  }

  @Test
  void failedAttemptIsAnErrorAndTheFailureIsUnchanged() {
    try (TestApp app = TestApp.enabled(Rates.class)) {
      assertThatThrownBy(() -> app.bean(Rates.class).broken())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("down");

      SpanData attempt = app.spans().get(0);
      SpanData operation = app.spans().get(1);
      assertThat(attempt).hasParent(operation).hasAttribute(Spans.RETRY_OUTCOME, "failure");
      assertThat(attempt.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(operation).hasAttribute(Spans.RETRY_OUTCOME, "failure");
      assertThat(operation.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }
  }

  @Test
  void methodWithoutRetryHasNoAttemptSpan() {
    try (TestApp app = TestApp.enabled(Rates.class)) {
      app.bean(Rates.class).unretried();

      assertThat(app.spans()).hasSize(1);
      assertThat(app.spans().get(0).getAttributes().get(Spans.RETRY_ATTEMPTS)).isNull();
    }
  }

  @Test
  void retryOnTheClassBindsItsTracedMethods() {
    try (TestApp app = TestApp.enabled(RetriedClass.class)) {
      app.bean(RetriedClass.class).call();

      assertThat(app.spans()).hasSize(2);
      assertThat(app.spans().get(0))
          .hasParent(app.spans().get(1))
          .hasAttribute(Spans.RETRY_ATTEMPT, 1L);
    }
  }
}
