package dev.tracery.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tracery.extension.config.TraceryConfig;
import dev.tracery.extension.export.ExportSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.enterprise.inject.spi.DeploymentException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Invalid configuration fails deployment with a message naming the key, the value and what is
 * allowed.
 */
class InvalidConfigTest {

  /**
   * Starts an application with tracing on and the given properties; returns the deployment
   * failure's message.
   */
  private static String deploymentFailure(String... keysAndValues) {
    return failure(keysAndValues).getMessage();
  }

  /**
   * Starts an application with tracing on and the given properties; returns the deployment failure.
   */
  private static Throwable failure(String... keysAndValues) {
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
    return failure;
  }

  /**
   * Everything a server would log of a failure: its stack trace with every cause and suppressed
   * exception.
   */
  private static String printed(Throwable failure) {
    StringWriter out = new StringWriter();
    failure.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  @Test
  void samplerRatioAboveOne() {
    assertThat(
            deploymentFailure(
                "otel.traces.sampler",
                "parentbased_traceidratio",
                "otel.traces.sampler.arg",
                "1.5"))
        .contains(
            "Invalid value '1.5' for 'otel.traces.sampler.arg': expected a number between 0.0 and 1.0");
  }

  @Test
  void samplerRatioNotANumber() {
    assertThat(
            deploymentFailure(
                "otel.traces.sampler", "traceidratio", "otel.traces.sampler.arg", "abc"))
        .contains(
            "Invalid value 'abc' for 'otel.traces.sampler.arg': expected a number between 0.0 and 1.0");
  }

  @Test
  void unknownSampler() {
    assertThat(deploymentFailure("otel.traces.sampler", "sometimes"))
        .contains(
            "Invalid value 'sometimes' for 'otel.traces.sampler': expected one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio");
  }

  @Test
  void unknownExporterListsTheExportersThatExist() {
    assertThat(deploymentFailure("otel.traces.exporter", "jaeger-thrift"))
        .contains(
            "Invalid value 'jaeger-thrift' for 'otel.traces.exporter': expected a comma-separated list of")
        .contains("otlp")
        .contains("console")
        .contains("none");
  }

  @Test
  void malformedEndpoint() {
    assertThat(deploymentFailure("otel.exporter.otlp.endpoint", "localhost:4318"))
        .contains(
            "Invalid value 'localhost:4318' for 'otel.exporter.otlp.endpoint': expected an http:// or https:// URL");
    assertThat(
            deploymentFailure(
                "otel.exporter.otlp.traces.endpoint", "http://exa mple:4318/v1/traces"))
        .contains("for 'otel.exporter.otlp.traces.endpoint'");
  }

  @Test
  void unknownProtocol() {
    assertThat(deploymentFailure("otel.exporter.otlp.protocol", "http/json"))
        .contains(
            "Invalid value 'http/json' for 'otel.exporter.otlp.protocol': expected http/protobuf or grpc");
  }

  @Test
  void unknownPropagator() {
    assertThat(deploymentFailure("otel.propagators", "tracecontext,w3c"))
        .contains(
            "Invalid value 'tracecontext,w3c' for 'otel.propagators': expected a comma-separated list of tracecontext, baggage, none");
  }

  @Test
  void traceryEnabledNotABoolean() {
    Throwable failure =
        catchThrowable(() -> TestApp.builder().config("tracery.enabled", "yes").start().close());
    assertThat(failure)
        .hasMessageContaining("Invalid value 'yes' for 'tracery.enabled': expected true or false");
  }

  @Test
  void valueAutoconfigureRejectsIsReportedInTheSameForm() {
    assertThat(
            deploymentFailure("otel.traces.exporter", "memory", "otel.bsp.schedule.delay", "soon"))
        .contains("Invalid value 'soon' for 'otel.bsp.schedule.delay': expected a duration");
  }

  @Test
  void malformedResourceAttributes() {
    assertThat(deploymentFailure("otel.resource.attributes", "service.version"))
        .contains(
            "Invalid value 'service.version' for 'otel.resource.attributes': expected comma-separated key=value pairs");
  }

  @Test
  void malformedHeadersAreReportedWithoutTheirValue() {
    String message =
        deploymentFailure(
            "otel.traces.exporter",
            "otlp",
            "otel.exporter.otlp.headers",
            "Authorization Bearer s3cr3t-token");
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
        .contains(
            "Invalid value 'soon' for 'tracery.exporter.retry.initial-backoff': expected a duration")
        .contains(
            "Invalid value '0.5' for 'tracery.exporter.retry.multiplier': expected a number from 1.0 to 10.0")
        .contains(
            "Invalid value '0' for 'tracery.exporter.retry.max-attempts': expected a whole number from 1 to 100")
        .contains("Invalid value 'many' for 'tracery.exporter.circuit-breaker.failure-threshold'")
        .contains(
            "Invalid value 'lots' for 'tracery.exporter.buffer.max-size': expected a size from 1MB to 1TB, such as 64MB");
  }

  @Test
  void httpSettingsAreValidatedLikeEveryOtherKey() {
    assertThat(
            deploymentFailure(
                "tracery.http.server.record-mapped-exceptions", "sometimes",
                "tracery.http.server.capture-query", "yes"))
        .contains(
            "Invalid value 'sometimes' for 'tracery.http.server.record-mapped-exceptions': expected true or false")
        .contains(
            "Invalid value 'yes' for 'tracery.http.server.capture-query': expected true or false");
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

  @Test
  void numbersThatOverflowAreRejectedWithKeyValueAndRange() {
    String message =
        deploymentFailure(
            "tracery.exporter.retry.max-attempts", "12345678901234567890",
            "tracery.exporter.circuit-breaker.failure-threshold", "99999999999",
            "tracery.exporter.circuit-breaker.open-duration", "200000d",
            "tracery.exporter.retry.max-backoff", "99999999999999999999ms",
            "tracery.exporter.buffer.max-size", "999999999999gb",
            "otel.bsp.max.queue.size", "12345678901234567890",
            "otel.bsp.schedule.delay", "200000d",
            "otel.exporter.otlp.timeout", "9223372036854775807s");
    assertThat(message)
        .contains(
            "Invalid value '12345678901234567890' for 'tracery.exporter.retry.max-attempts': expected a whole number from 1 to 100")
        .contains(
            "Invalid value '99999999999' for 'tracery.exporter.circuit-breaker.failure-threshold': expected a whole number from 1 to 1000")
        .contains(
            "Invalid value '200000d' for 'tracery.exporter.circuit-breaker.open-duration': expected a duration from 1ms to 1h")
        .contains(
            "Invalid value '99999999999999999999ms' for 'tracery.exporter.retry.max-backoff': expected a duration from 1ms to 5m")
        .contains(
            "Invalid value '999999999999gb' for 'tracery.exporter.buffer.max-size': expected a size from 1MB to 1TB")
        .contains(
            "Invalid value '12345678901234567890' for 'otel.bsp.max.queue.size': expected a whole number from 1 to 1000000")
        .contains(
            "Invalid value '200000d' for 'otel.bsp.schedule.delay': expected a duration from 1ms to 1h")
        .contains(
            "Invalid value '9223372036854775807s' for 'otel.exporter.otlp.timeout': expected a duration from 1ms to 5m");
  }

  @Test
  void numbersThatMakeNoSenseAreRejected() {
    String message =
        deploymentFailure(
            "otel.bsp.max.queue.size", "0",
            "otel.bsp.export.timeout", "0",
            "otel.exporter.otlp.traces.timeout", "-5s",
            "tracery.exporter.retry.initial-backoff", "-100ms",
            "tracery.exporter.retry.max-elapsed", "0",
            "tracery.exporter.circuit-breaker.failure-threshold", "-1",
            "tracery.exporter.retry.multiplier", "NaN",
            "tracery.exporter.buffer.max-size", "0MB");
    assertThat(message)
        .contains(
            "Invalid value '0' for 'otel.bsp.max.queue.size': expected a whole number from 1 to 1000000")
        .contains(
            "Invalid value '0' for 'otel.bsp.export.timeout': expected a duration from 1ms to 5m")
        .contains(
            "Invalid value '-5s' for 'otel.exporter.otlp.traces.timeout': expected a duration from 1ms to 5m")
        .contains(
            "Invalid value '-100ms' for 'tracery.exporter.retry.initial-backoff': expected a duration from 1ms to 5m")
        .contains(
            "Invalid value '0' for 'tracery.exporter.retry.max-elapsed': expected a duration from 1ms to 5m")
        .contains(
            "Invalid value '-1' for 'tracery.exporter.circuit-breaker.failure-threshold': expected a whole number from 1 to 1000")
        .contains(
            "Invalid value 'NaN' for 'tracery.exporter.retry.multiplier': expected a number from 1.0 to 10.0")
        .contains("Invalid value '0MB' for 'tracery.exporter.buffer.max-size'");
  }

  @Test
  void batchLargerThanTheQueueIsRejectedNamingTheQueueSize() {
    assertThat(deploymentFailure("otel.bsp.max.export.batch.size", "5000"))
        .contains(
            "Invalid value '5000' for 'otel.bsp.max.export.batch.size': expected a whole number from 1 to 2048, the queue size (otel.bsp.max.queue.size, its default)");
    assertThat(
            deploymentFailure(
                "otel.bsp.max.queue.size", "100", "otel.bsp.max.export.batch.size", "101"))
        .contains(
            "Invalid value '101' for 'otel.bsp.max.export.batch.size': expected a whole number from 1 to 100");
  }

  @Test
  void firstBackoffLongerThanTheLongestBackoffIsRejected() {
    assertThat(deploymentFailure("tracery.exporter.retry.initial-backoff", "5s"))
        .contains(
            "Invalid value '5s' for 'tracery.exporter.retry.initial-backoff': expected at most tracery.exporter.retry.max-backoff (2s)");
  }

  @Test
  void retryBudgetBeyondTheBatchProcessorsExportTimeoutIsRejectedNamingBothKeys() {
    assertThat(
            deploymentFailure(
                "otel.bsp.export.timeout", "5s", "tracery.exporter.retry.max-elapsed", "8s"))
        .contains(
            "Invalid value '8s' for 'tracery.exporter.retry.max-elapsed': expected at most otel.bsp.export.timeout (5s), the longest the batch processor waits for an export");
    assertThat(deploymentFailure("tracery.exporter.retry.max-elapsed", "45s"))
        .contains(
            "Invalid value '45s' for 'tracery.exporter.retry.max-elapsed': expected at most otel.bsp.export.timeout (30s, its default)");
  }

  @Test
  void unsetRetryBudgetFollowsAShorterExportTimeout() {
    assertThat(exportSettings(Map.of("otel.bsp.export.timeout", "4s")).maxElapsed())
        .isEqualTo(Duration.ofSeconds(4));
    assertThat(exportSettings(Map.of("OTEL_BSP_EXPORT_TIMEOUT", "1500")).maxElapsed())
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(exportSettings(Map.of()).maxElapsed()).isEqualTo(ExportSettings.DEFAULT_MAX_ELAPSED);
    assertThat(
            exportSettings(
                    Map.of(
                        "otel.bsp.export.timeout",
                        "4s",
                        "tracery.exporter.retry.max-elapsed",
                        "3s"))
                .maxElapsed())
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void valuesAtTheEdgesOfTheirRangesAreAccepted() {
    try (TestApp app =
        TestApp.builder()
            .config("tracery.enabled", "true")
            .config("otel.bsp.max.queue.size", "1000000")
            .config("otel.bsp.max.export.batch.size", "1000000")
            .config("otel.bsp.export.timeout", "5m")
            .config("otel.bsp.schedule.delay", "1")
            .config("otel.exporter.otlp.timeout", "300000")
            .config("tracery.exporter.retry.max-elapsed", "5m")
            .config("tracery.exporter.retry.max-attempts", "100")
            .config("tracery.exporter.circuit-breaker.open-duration", "1h")
            .config("tracery.exporter.buffer.max-size", "1TB")
            .start()) {
      assertThat(app.extension()).isNotNull();
    }
  }

  private static ExportSettings exportSettings(Map<String, String> properties) {
    TraceryConfig config =
        TraceryConfig.read(
            new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build());
    assertThat(config.problems()).isEmpty();
    return config.export();
  }

  @Test
  void malformedHeadersLeaveNoTraceOfTheirValueInTheCauseChain() {
    Throwable failure =
        failure(
            "otel.traces.exporter",
            "otlp",
            "otel.exporter.otlp.headers",
            "Authorization Bearer s3cr3t-token");
    assertThat(failure.getMessage())
        .contains("Invalid value '<redacted>' for 'otel.exporter.otlp.headers'");
    assertThat(printed(failure)).doesNotContain("s3cr3t");
  }

  @Test
  void headerValueAutoconfigureCannotDecodeLeavesNoTraceInTheCauseChain() {
    Throwable failure =
        failure(
            "otel.traces.exporter", "otlp",
            "otel.exporter.otlp.traces.headers",
                "x-team=orders,Authorization=Bearer%zzs3cr3t-token");
    String printed = printed(failure);
    assertThat(printed)
        .contains("otlp")
        .doesNotContain("s3cr3t")
        .doesNotContain("%zz")
        .doesNotContain("\"zz\"");
  }

  @Test
  void endpointWithCredentialsIsShownAsSchemeHostPortAndPath() {
    Throwable failure =
        failure(
            "otel.traces.exporter", "otlp",
            "otel.exporter.otlp.endpoint",
                "http://collector-user:pa55word@collector.example:4318/?token=t0ken-value",
            "otel.exporter.otlp.traces.endpoint",
                "https://trace-user:pa55word@collector.example/v1/traces?api_key=k3y-value#frag",
            "otel.exporter.zipkin.endpoint",
                "http://zipkin-user:pa55word@zip kin:9411/api/v2/spans?sig=s1g-value");
    assertThat(failure.getMessage())
        .contains(
            "Invalid value 'http://collector.example:4318/ with user info' for 'otel.exporter.otlp.endpoint': expected a URL without user info")
        .contains(
            "Invalid value 'https://collector.example/v1/traces with user info' for 'otel.exporter.otlp.traces.endpoint'")
        .contains(
            "Invalid value 'http://zip kin:9411/api/v2/spans' for 'otel.exporter.zipkin.endpoint': expected an http:// or https:// URL");
    assertThat(printed(failure))
        .doesNotContain("pa55word")
        .doesNotContain("-user")
        .doesNotContain("t0ken-value")
        .doesNotContain("k3y-value")
        .doesNotContain("s1g-value")
        .doesNotContain("frag");
  }

  @Test
  void endpointWithAQueryIsRejectedWithoutShowingIt() {
    Throwable failure =
        failure(
            "otel.exporter.otlp.traces.endpoint",
            "http://collector:4318/v1/traces?token=t0ken-value");
    assertThat(failure.getMessage())
        .contains(
            "Invalid value 'http://collector:4318/v1/traces with a query or fragment' for 'otel.exporter.otlp.traces.endpoint': expected a URL without query or fragment");
    assertThat(printed(failure)).doesNotContain("t0ken-value");
  }
}
