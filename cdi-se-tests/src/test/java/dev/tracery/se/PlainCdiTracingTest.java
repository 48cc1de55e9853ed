package dev.tracery.se;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tracery in a CDI container without JAX-RS or Servlet (Weld SE): it starts, traces {@code @Traced}
 * and {@code @WithSpan} beans and programmatic spans ({@code Spans}), makes OpenTelemetry's types
 * injectable, and exports over OTLP/HTTP to a real endpoint; and while tracing is off it stays out
 * of the way.
 */
class PlainCdiTracingTest {

  private OtlpReceiver receiver;

  @BeforeEach
  void startReceiver() {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  private Map<String, String> tracingOn() {
    return Map.of(
        "tracery.enabled", "true",
        "otel.service.name", "nightly-import",
        "otel.exporter.otlp.endpoint", receiver.endpoint(),
        "otel.bsp.schedule.delay", "100ms");
  }

  private static ReceivedSpan find(
      List<ReceivedSpan> spans, Predicate<ReceivedSpan> which, String description) {
    return spans.stream()
        .filter(which)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + description + " in " + spans));
  }

  @Test
  void tracedBeansAreExportedAsParentAndChildSpans() {
    try (PlainCdiApp app = PlainCdiApp.start(tracingOn())) {
      assertThat(app.bean(Job.class).run(List.of(" a1 "))).containsExactly("A1");

      List<ReceivedSpan> spans =
          receiver.await(Duration.ofSeconds(10), s -> s.size() >= 3, "three spans");
      ReceivedSpan run = find(spans, s -> s.name().equals("Job.run"), "span Job.run");
      ReceivedSpan process =
          find(spans, s -> s.name().equals("process-record"), "span process-record");
      ReceivedSpan normalize =
          find(spans, s -> s.name().equals("Normalizer.normalize"), "span Normalizer.normalize");

      assertThat(run.isRoot()).isTrue();
      assertThat(process.isChildOf(run)).as("@Traced step is a child of the job").isTrue();
      assertThat(normalize.isChildOf(process))
          .as("@WithSpan method is a child of the step")
          .isTrue();
      assertThat(run.kind()).isEqualTo("INTERNAL");
      assertThat(run.scope()).isEqualTo("dev.tracery.interceptors");
      assertThat(run.attribute("code.function.name")).isEqualTo("dev.tracery.se.Job.run");
      assertThat(process.attribute("record.id")).isEqualTo(" a1 ");
      assertThat(run.resourceAttribute("service.name")).isEqualTo("nightly-import");
      assertThat(run.resourceAttribute("telemetry.sdk.version")).isEqualTo("1.63.0");
      assertThat(spans).hasSize(3);
    }
  }

  @Test
  void aThrowingBeanRecordsTheExceptionAndTheCallerGetsItUnchanged() {
    try (PlainCdiApp app = PlainCdiApp.start(tracingOn())) {
      Job job = app.bean(Job.class);
      assertThatThrownBy(() -> job.run(List.of("ok", " ")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("blank record");

      List<ReceivedSpan> spans =
          receiver.await(
              Duration.ofSeconds(10),
              s -> s.stream().anyMatch(span -> span.name().equals("Job.run")),
              "span Job.run");
      ReceivedSpan run = find(spans, s -> s.name().equals("Job.run"), "span Job.run");
      ReceivedSpan failed =
          find(
              spans,
              s -> s.name().equals("process-record") && s.status().equals("ERROR"),
              "failed process-record");
      assertThat(failed.isChildOf(run)).isTrue();
      assertThat(failed.events()).contains("exception");
      assertThat(failed.attribute("error.type"))
          .isEqualTo(IllegalArgumentException.class.getName());
      assertThat(run.status()).isEqualTo("ERROR");
      assertThat(run.events()).contains("exception");
    }
  }

  @Test
  void injectedTracerSpanAndBaggageWork() {
    try (PlainCdiApp app = PlainCdiApp.start(tracingOn())) {
      Instrumented instrumented = app.bean(Instrumented.class);
      assertThat(instrumented.openTelemetry()).isNotSameAs(OpenTelemetry.noop());

      String traceId = instrumented.importFile("/data/in.csv");

      ReceivedSpan span =
          receiver.await(Duration.ofSeconds(10), s -> !s.isEmpty(), "span import-file").get(0);
      assertThat(span.name()).isEqualTo("import-file");
      assertThat(span.traceId()).isEqualTo(traceId);
      assertThat(span.attribute("file.path")).isEqualTo("/data/in.csv");
      assertThat(span.attribute("tenant")).isEqualTo("acme");
    }
  }

  @Test
  void whileTracingIsOffNothingIsExportedAndTraceryIsNotInTheCallPath() {
    try (PlainCdiApp app =
        PlainCdiApp.start(
            Map.of(
                "otel.exporter.otlp.endpoint",
                receiver.endpoint(),
                "otel.bsp.schedule.delay",
                "100ms"))) {
      assertThat(app.bean(Instrumented.class).openTelemetry()).isSameAs(OpenTelemetry.noop());
      assertThat(app.bean(Job.class).run(List.of("x"))).containsExactly("X");
      assertThat(
              Arrays.stream(app.bean(Job.class).stackOfRun()).map(StackTraceElement::getClassName))
          .noneMatch(
              name -> name.startsWith("dev.tracery.") && !name.startsWith("dev.tracery.se."));
    }
    // Closing the application would have flushed any span to the endpoint; none arrived.
    assertThat(receiver.requests()).isEmpty();
  }

  @Test
  void programmaticSpansAndARetryAreExportedAsOperationAndAttemptSpans() throws Exception {
    try (PlainCdiApp app = PlainCdiApp.start(tracingOn())) {
      assertThat(app.bean(Exchange.class).rate("EUR")).isEqualTo(1.08);

      List<ReceivedSpan> spans =
          receiver.await(Duration.ofSeconds(10), s -> s.size() >= 4, "four spans");
      assertThat(spans).hasSize(4);
      ReceivedSpan fetch =
          spans.stream().filter(s -> s.name().equals("fetch-rates")).findFirst().orElseThrow();
      List<ReceivedSpan> get = spans.stream().filter(s -> s.name().equals("GET /rates")).toList();
      ReceivedSpan operation =
          get.stream().filter(s -> s.isChildOf(fetch)).findFirst().orElseThrow();
      List<ReceivedSpan> attempts = get.stream().filter(s -> s.isChildOf(operation)).toList();

      assertThat(fetch.isRoot()).isTrue();
      assertThat(fetch.scope()).isEqualTo("dev.tracery.spans");
      assertThat(fetch.attribute("currency")).isEqualTo("EUR");
      assertThat(operation.kind()).isEqualTo("CLIENT");
      assertThat(operation.attribute("service.peer.name")).isEqualTo("rates");
      assertThat(operation.attribute("server.address")).isEqualTo("rates.example");
      assertThat(operation.attribute("tracery.retry.attempts")).isEqualTo(2L);
      assertThat(operation.attribute("tracery.retry.outcome")).isEqualTo("success");
      assertThat(operation.status()).isEqualTo("UNSET");
      assertThat(attempts)
          .extracting(s -> s.attribute("tracery.retry.attempt"))
          .containsExactlyInAnyOrder(1L, 2L);
      ReceivedSpan first =
          attempts.stream()
              .filter(s -> s.attribute("tracery.retry.attempt").equals(1L))
              .findFirst()
              .orElseThrow();
      assertThat(first.status()).isEqualTo("ERROR");
      assertThat(first.attribute("error.type")).isEqualTo("java.io.IOException");
      assertThat(first.attribute("tracery.retry.delay_ms")).isEqualTo(1L);
      assertThat(first.events()).contains("exception");
    }
  }

  @Test
  void whileTracingIsOffProgrammaticSpansOnlyRunTheirBlocks() throws Exception {
    try (PlainCdiApp app =
        PlainCdiApp.start(
            Map.of(
                "otel.exporter.otlp.endpoint",
                receiver.endpoint(),
                "otel.bsp.schedule.delay",
                "100ms"))) {
      Exchange exchange = app.bean(Exchange.class);
      assertThat(exchange.enabled()).isFalse();
      assertThat(exchange.rate("EUR")).isEqualTo(1.08);
    }
    assertThat(receiver.requests()).isEmpty();
  }
}
