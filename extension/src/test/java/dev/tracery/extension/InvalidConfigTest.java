package dev.tracery.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.enterprise.inject.spi.DeploymentException;
import org.junit.jupiter.api.Test;

/** Invalid configuration fails deployment with a message naming the key, the value and what is allowed. */
class InvalidConfigTest {

  /** Starts an application with tracing on and the given properties; returns the deployment failure. */
  private static String deploymentFailure(String... keysAndValues) {
    TestApp.Builder builder = TestApp.builder().config("tracery.enabled", "true");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      builder.config(keysAndValues[i], keysAndValues[i + 1]);
    }
    Throwable failure = catchThrowable(() -> builder.start().close());
    assertThat(failure).as("deployment should fail").isNotNull();
    Throwable cause = failure;
    while (!(cause instanceof DeploymentException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertThat(cause).isInstanceOf(DeploymentException.class);
    return failure.getMessage();
  }

  @Test
  void samplerRatioAboveOne() {
    assertThat(deploymentFailure("otel.traces.sampler", "parentbased_traceidratio", "otel.traces.sampler.arg", "1.5"))
        .contains("Invalid value '1.5' for 'otel.traces.sampler.arg': expected a number between 0.0 and 1.0");
  }

  @Test
  void samplerRatioNotANumber() {
    assertThat(deploymentFailure("otel.traces.sampler", "traceidratio", "otel.traces.sampler.arg", "abc"))
        .contains("Invalid value 'abc' for 'otel.traces.sampler.arg': expected a number between 0.0 and 1.0");
  }

  @Test
  void unknownSampler() {
    assertThat(deploymentFailure("otel.traces.sampler", "sometimes"))
        .contains("Invalid value 'sometimes' for 'otel.traces.sampler': expected one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio");
  }

  @Test
  void unknownExporterListsTheExportersThatExist() {
    assertThat(deploymentFailure("otel.traces.exporter", "jaeger-thrift"))
        .contains("Invalid value 'jaeger-thrift' for 'otel.traces.exporter': expected a comma-separated list of")
        .contains("otlp")
        .contains("console")
        .contains("none");
  }

  @Test
  void malformedEndpoint() {
    assertThat(deploymentFailure("otel.exporter.otlp.endpoint", "localhost:4318"))
        .contains("Invalid value 'localhost:4318' for 'otel.exporter.otlp.endpoint': expected an http:// or https:// URL");
    assertThat(deploymentFailure("otel.exporter.otlp.traces.endpoint", "http://exa mple:4318/v1/traces"))
        .contains("for 'otel.exporter.otlp.traces.endpoint'");
  }

  @Test
  void unknownProtocol() {
    assertThat(deploymentFailure("otel.exporter.otlp.protocol", "http/json"))
        .contains("Invalid value 'http/json' for 'otel.exporter.otlp.protocol': expected http/protobuf or grpc");
  }

  @Test
  void unknownPropagator() {
    assertThat(deploymentFailure("otel.propagators", "tracecontext,w3c"))
        .contains("Invalid value 'tracecontext,w3c' for 'otel.propagators': expected a comma-separated list of tracecontext, baggage, none");
  }

  @Test
  void traceryEnabledNotABoolean() {
    Throwable failure = catchThrowable(() -> TestApp.builder().config("tracery.enabled", "yes").start().close());
    assertThat(failure).hasMessageContaining("Invalid value 'yes' for 'tracery.enabled': expected true or false");
  }

  @Test
  void valueAutoconfigureRejectsIsReportedInTheSameForm() {
    assertThat(deploymentFailure("otel.traces.exporter", "memory", "otel.bsp.schedule.delay", "soon"))
        .contains("Invalid value 'soon' for 'otel.bsp.schedule.delay': expected a duration");
  }

  @Test
  void malformedResourceAttributes() {
    assertThat(deploymentFailure("otel.resource.attributes", "service.version"))
        .contains("Invalid value 'service.version' for 'otel.resource.attributes': expected comma-separated key=value pairs");
  }

  @Test
  void malformedHeadersAreReportedWithoutTheirValue() {
    String message =
        deploymentFailure(
            "otel.traces.exporter", "otlp", "otel.exporter.otlp.headers", "Authorization Bearer s3cr3t-token");
    assertThat(message)
        .contains("'otel.exporter.otlp.headers'")
        .contains("<redacted>")
        .doesNotContain("s3cr3t-token");
  }

  @Test
  void exporterSettingsAreValidatedLikeEveryOtherKey() {
    String message =
        deploymentFailure(
            "tracery.exporter.retry.initial-backoff", "soon",
            "tracery.exporter.retry.multiplier", "0.5",
            "tracery.exporter.retry.max-attempts", "0",
            "tracery.exporter.circuit-breaker.failure-threshold", "many",
            "tracery.exporter.buffer.max-size", "lots");
    assertThat(message)
        .contains("Invalid value 'soon' for 'tracery.exporter.retry.initial-backoff': expected a duration")
        .contains("Invalid value '0.5' for 'tracery.exporter.retry.multiplier': expected a number from 1.0 to 10.0")
        .contains("Invalid value '0' for 'tracery.exporter.retry.max-attempts': expected a whole number of at least 1")
        .contains("Invalid value 'many' for 'tracery.exporter.circuit-breaker.failure-threshold'")
        .contains("Invalid value 'lots' for 'tracery.exporter.buffer.max-size': expected a size such as 64MB");
  }

  @Test
  void httpSettingsAreValidatedLikeEveryOtherKey() {
    assertThat(deploymentFailure(
            "tracery.http.server.record-mapped-exceptions", "sometimes",
            "tracery.http.server.capture-query", "yes"))
        .contains("Invalid value 'sometimes' for 'tracery.http.server.record-mapped-exceptions': expected true or false")
        .contains("Invalid value 'yes' for 'tracery.http.server.capture-query': expected true or false");
  }

  @Test
  void grpcWithoutAGrpcSenderSaysWhatToAdd() {
    assertThat(deploymentFailure("otel.exporter.otlp.protocol", "grpc"))
        .contains("Invalid value 'grpc' for 'otel.exporter.otlp.protocol': expected http/protobuf")
        .contains("opentelemetry-exporter-sender-okhttp");
  }

  @Test
  void zipkinIsAnExporterTraceryOffers() {
    assertThat(deploymentFailure("otel.traces.exporter", "jaeger"))
        .contains("zipkin")
        .contains("otlp")
        .contains("console");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    String message =
        deploymentFailure(
            "otel.traces.sampler", "traceidratio",
            "otel.traces.sampler.arg", "2",
            "otel.exporter.otlp.endpoint", "collector:4318");
    assertThat(message)
        .contains("Tracery cannot start in")
        .contains("'otel.traces.sampler.arg'")
        .contains("'otel.exporter.otlp.endpoint'");
  }

  @Test
  void ratioArgumentOfAnotherSamplerIsLeftToThatSampler() {
    try (TestApp app =
        TestApp.builder()
            .config("tracery.enabled", "true")
            .config("otel.traces.sampler", "always_on")
            .config("otel.traces.sampler.arg", "ignored-by-always-on")
            .start()) {
      assertThat(app.extension()).isNotNull();
    }
  }

  @Test
  void invalidOtelValuesDoNotMatterWhileTracingIsOff() {
    try (TestApp app = TestApp.builder().config("otel.traces.sampler.arg", "1.5").start()) {
      assertThat(app.spans()).isEmpty();
    }
  }
}
