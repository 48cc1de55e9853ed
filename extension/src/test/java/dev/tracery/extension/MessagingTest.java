package dev.tracery.extension;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracery.Messaging;
import dev.tracery.Spans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The generic message-header propagation API, {@link Messaging}, on Weld SE. */
class MessagingTest {

  private TestApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private Messaging messaging(String... config) {
    TestApp.Builder builder = TestApp.builder().config("tracery.enabled", "true");
    for (int i = 0; i < config.length; i += 2) {
      builder.config(config[i], config[i + 1]);
    }
    app = builder.start();
    return app.bean(Messaging.class);
  }

  @Test
  void sendMakesAProducerSpanWhoseContextTheHeadersCarryAndProcessContinuesItsTrace() {
    Messaging messaging = messaging();
    Spans spans = app.bean(Spans.class);
    Map<String, String> headers = new HashMap<>();

    spans.run("place order", () -> messaging.send("kafka", "orders", headers, () -> "sent"));
    String result =
        messaging.process(
            "kafka",
            "orders",
            "m-42",
            Map.copyOf(headers),
            () -> Span.current().getSpanContext().getTraceId());

    List<SpanData> exported = app.spans();
    SpanData producer =
        exported.stream().filter(s -> s.getKind() == SpanKind.PRODUCER).findFirst().orElseThrow();
    SpanData consumer =
        exported.stream().filter(s -> s.getKind() == SpanKind.CONSUMER).findFirst().orElseThrow();
    SpanData outer =
        exported.stream().filter(s -> s.getName().equals("place order")).findFirst().orElseThrow();
    assertThat(headers).containsKey("traceparent");
    assertThat(headers.get("traceparent")).contains(producer.getSpanId());
    assertThat(producer)
        .hasName("send orders")
        .hasParent(outer)
        .hasInstrumentationScopeInfo(
            InstrumentationScopeInfo.create(Messaging.INSTRUMENTATION_NAME))
        .hasAttribute(Messaging.SYSTEM, "kafka")
        .hasAttribute(Messaging.DESTINATION, "orders")
        .hasAttribute(Messaging.OPERATION_TYPE, "send")
        .hasAttribute(Messaging.OPERATION_NAME, "send");
    assertThat(consumer)
        .hasName("process orders")
        .hasParent(producer)
        .hasAttribute(Messaging.SYSTEM, "kafka")
        .hasAttribute(Messaging.DESTINATION, "orders")
        .hasAttribute(Messaging.OPERATION_TYPE, "process")
        .hasAttribute(Messaging.OPERATION_NAME, "process")
        .hasAttribute(Messaging.MESSAGE_ID, "m-42");
    assertThat(consumer.getLinks())
        .singleElement()
        .satisfies(
            link -> assertThat(link.getSpanContext().getSpanId()).isEqualTo(producer.getSpanId()));
    assertThat(result).isEqualTo(producer.getTraceId());
  }

  @Test
  void injectAndExtractFollowTheConfiguredPropagators() {
    Messaging messaging = messaging("otel.propagators", "b3multi");
    Map<String, String> headers = new HashMap<>();

    messaging.send("custom", "envelopes", headers, () -> null);
    messaging.process("custom", "envelopes", null, headers, () -> null);

    assertThat(headers)
        .containsKeys("X-B3-TraceId", "X-B3-SpanId")
        .doesNotContainKey("traceparent");
    SpanData producer = app.spans().get(0);
    SpanData consumer = app.spans().get(1);
    assertThat(consumer).hasParent(producer);
  }

  @Test
  void headersWithoutUsableContextStartANewTraceAndTheBlockRuns() {
    Messaging messaging = messaging();
    List<Map<String, String>> hostile =
        List.of(
            Map.of(),
            Map.of("traceparent", "not-a-traceparent"),
            Map.of("traceparent", "00-" + "a".repeat(10_000) + "-00f067aa0ba902b7-01"),
            Map.of(
                "traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
                    + " ".repeat(Messaging.MAX_HEADER_LENGTH)),
            Map.of("traceparent", "00-00000000000000000000000000000000-0000000000000000-01"));

    for (Map<String, String> headers : hostile) {
      assertThat(messaging.process("jms", "orders", null, headers, () -> "ran")).isEqualTo("ran");
    }
    assertThat(messaging.process("jms", "orders", null, null, () -> "ran")).isEqualTo("ran");

    assertThat(app.spans())
        .hasSize(hostile.size() + 1)
        .allSatisfy(
            span -> {
              assertThat(span).hasNoParent().hasKind(SpanKind.CONSUMER);
              assertThat(span.getLinks()).isEmpty();
            });
  }

  @Test
  void anUnmodifiableHeaderMapOrABadDestinationNeverStopsTheSend() {
    Messaging messaging = messaging();

    assertThat(messaging.send(null, null, Map.of(), () -> "sent")).isEqualTo("sent");
    messaging.inject(Map.of());

    assertThat(app.spans())
        .singleElement()
        .satisfies(
            span ->
                assertThat(span).hasName("send").hasAttribute(Messaging.SYSTEM, Messaging.UNKNOWN));
  }

  @Test
  void aThrowingBlockEndsItsSpanWithErrorAndTheExceptionIsRethrown() {
    Messaging messaging = messaging();
    IllegalStateException failure = new IllegalStateException("broker down");

    assertThatThrownBy(
            () ->
                messaging.send(
                    "kafka",
                    "orders",
                    new HashMap<>(),
                    () -> {
                      throw failure;
                    }))
        .isSameAs(failure);

    assertThat(app.spans())
        .singleElement()
        .satisfies(
            span ->
                assertThat(span)
                    .hasStatus(StatusData.error())
                    .hasAttribute(
                        io.opentelemetry.api.common.AttributeKey.stringKey("error.type"),
                        IllegalStateException.class.getName()));
  }

  @Test
  void whenTracingIsOffNothingIsInjectedAndBlocksStillRun() {
    app = TestApp.builder().start();
    Messaging messaging = app.bean(Messaging.class);
    Map<String, String> headers = new HashMap<>();

    assertThat(messaging.isEnabled()).isFalse();
    assertThat(messaging.send("kafka", "orders", headers, () -> "sent")).isEqualTo("sent");
    assertThat(
            messaging.extract(
                Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")))
        .isSameAs(io.opentelemetry.context.Context.root());
    assertThat(headers).isEmpty();
  }
}
