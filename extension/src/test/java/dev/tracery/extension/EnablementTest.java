package dev.tracery.extension;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.Traced;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import jakarta.enterprise.context.Dependent;
import java.util.Arrays;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Tracery is off unless switched on, and while off it is not there at all. */
class EnablementTest {

  @Dependent
  public static class Greeter {
    @Traced
    public StackTraceElement[] greet() {
      return new Throwable().getStackTrace();
    }

    @WithSpan
    public StackTraceElement[] greetWithSpan() {
      return new Throwable().getStackTrace();
    }
  }

  private static Set<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }

  private static boolean mentionsTracery(StackTraceElement[] stack) {
    return Arrays.stream(stack)
        .anyMatch(frame -> frame.getClassName().startsWith("dev.tracery.interceptors"));
  }

  @Test
  void isOffByDefaultAndSaysHowToSwitchItOn() {
    try (LogCapture log = LogCapture.of(TraceryExtension.class);
        TestApp app = TestApp.builder().beans(Greeter.class).start()) {
      assertThat(log.messages(Level.INFO))
          .singleElement()
          .satisfies(
              message ->
                  assertThat(message)
                      .contains("Tracery is present")
                      .contains("tracing is off")
                      .contains("tracery.enabled=true"));
    }
  }

  @Test
  void whileOffTheInterceptorIsNotInTheCallPathAndNoSpanIsMade() {
    try (TestApp app = TestApp.builder().beans(Greeter.class).start()) {
      Greeter greeter = app.bean(Greeter.class);

      // A @Dependent bean without interceptors is the plain class, not a Weld subclass.
      assertThat(greeter.getClass()).isEqualTo(Greeter.class);
      assertThat(mentionsTracery(greeter.greet())).isFalse();
      assertThat(mentionsTracery(greeter.greetWithSpan())).isFalse();
      assertThat(app.spans()).isEmpty();
    }
  }

  @Test
  void whileOffTheOpenTelemetryBeanIsTheNoopAndNoThreadStarts() {
    Set<String> before = threadNames();
    try (TestApp app = TestApp.builder().beans(Greeter.class).start()) {
      OpenTelemetry openTelemetry = app.bean(OpenTelemetry.class);
      Span span = openTelemetry.getTracer("test").spanBuilder("nothing").startSpan();
      span.end();

      assertThat(openTelemetry).isNotInstanceOf(OpenTelemetrySdk.class);
      assertThat(span.getSpanContext().isValid()).isFalse();
      assertThat(threadNames()).isSubsetOf(before);
    }
  }

  @Test
  void whileOnTheInterceptorIsInTheCallPath() {
    try (TestApp app = TestApp.enabled(Greeter.class)) {
      assertThat(mentionsTracery(app.bean(Greeter.class).greet())).isTrue();
      assertThat(app.bean(OpenTelemetry.class)).isInstanceOf(OpenTelemetrySdk.class);
      assertThat(app.spans()).hasSize(1);
    }
  }

  @Test
  void otelSdkDisabledFalseSwitchesItOn() {
    try (TestApp app =
        TestApp.builder().config("otel.sdk.disabled", "false").beans(Greeter.class).start()) {
      app.bean(Greeter.class).greet();
      assertThat(app.spans()).hasSize(1);
    }
  }

  @Test
  void otelSdkDisabledTrueLeavesItOff() {
    try (TestApp app =
        TestApp.builder().config("otel.sdk.disabled", "true").beans(Greeter.class).start()) {
      app.bean(Greeter.class).greet();
      assertThat(app.spans()).isEmpty();
    }
  }

  @Test
  void traceryEnabledFalseWinsOverOtelSdkDisabledFalse() {
    try (TestApp app =
        TestApp.builder()
            .config("tracery.enabled", "false")
            .config("otel.sdk.disabled", "false")
            .beans(Greeter.class)
            .start()) {
      app.bean(Greeter.class).greet();
      assertThat(app.spans()).isEmpty();
      assertThat(app.bean(OpenTelemetry.class)).isNotInstanceOf(OpenTelemetrySdk.class);
    }
  }

  @Test
  void traceryEnabledTrueWinsOverOtelSdkDisabledTrue() {
    try (TestApp app =
        TestApp.builder()
            .config("tracery.enabled", "true")
            .config("otel.sdk.disabled", "true")
            .beans(Greeter.class)
            .start()) {
      app.bean(Greeter.class).greet();
      assertThat(app.spans()).hasSize(1);
    }
  }

  @Test
  void environmentVariableSwitchesItOn() {
    try (TestApp app =
        TestApp.builder().env("TRACERY_ENABLED", "true").beans(Greeter.class).start()) {
      app.bean(Greeter.class).greet();
      assertThat(app.spans()).hasSize(1);
    }
  }

  @Test
  void systemPropertySwitchesItOn() {
    System.setProperty("tracery.enabled", "true");
    try (TestApp app = TestApp.builder().beans(Greeter.class).start()) {
      app.bean(Greeter.class).greet();
      assertThat(app.spans()).hasSize(1);
    } finally {
      System.clearProperty("tracery.enabled");
    }
  }
}
