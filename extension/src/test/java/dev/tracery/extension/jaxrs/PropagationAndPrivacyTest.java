package dev.tracery.extension.jaxrs;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Configured propagators decide the headers in and out; query strings are recorded only when asked. */
class PropagationAndPrivacyTest {

  private static void withServer(Consumer<JaxrsServer.Builder> configure, ThrowingConsumer<JaxrsServer> test) throws Exception {
    JaxrsServer.Builder builder = JaxrsServer.builder(EchoApplication.class).beans(EchoHeadersResource.class);
    configure.accept(builder);
    try (JaxrsServer server = builder.start()) {
      test.accept(server);
    }
  }

  interface ThrowingConsumer<T> {
    void accept(T value) throws Exception;
  }

  private static SpanData serverSpan(JaxrsServer server, String name) {
    return server.awaitSpans(s -> s.stream().anyMatch(span -> span.getName().equals(name))).stream()
        .filter(span -> span.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void defaultPropagatorsAreW3cTraceContextAndBaggage() throws Exception {
    withServer(builder -> {}, server -> {
      String headers = server.get("echo/out", "baggage", "customer=acme").body();

      assertThat(headers).contains("traceparent=00-").contains("baggage=customer=acme").doesNotContain("x-b3").doesNotContainPattern("(?m)^(b3|uber-trace-id)=");
    });
  }

  @Test
  void b3ExtractsAndInjectsWhenConfigured() throws Exception {
    withServer(builder -> builder.config("otel.propagators", "b3multi"), server -> {
      String traceId = "463ac35c9f6413ad48485a3953bb6124";
      String headers = server.get("echo/out", "X-B3-TraceId", traceId, "X-B3-SpanId", "0020000000000001", "X-B3-Sampled", "1").body();

      assertThat(headers).contains("x-b3-traceid=" + traceId).doesNotContain("traceparent");
      assertThat(serverSpan(server, "GET /api/echo/out")).hasTraceId(traceId).hasParentSpanId("0020000000000001");
    });
  }

  @Test
  void jaegerPropagatorIsAvailable() throws Exception {
    withServer(builder -> builder.config("otel.propagators", "jaeger"), server -> {
      String headers = server.get("echo/out").body();
      assertThat(headers).contains("uber-trace-id=").doesNotContain("traceparent");
    });
  }

  @Test
  void anApplicationPropagatorFromTheSpiReplacesTheDefaults() throws Exception {
    withServer(builder -> builder.config("otel.propagators", "test-trace"), server -> {
      String traceId = "11111111111111111111111111111111";
      String headers = server.get("echo/out", TestPropagatorProvider.HEADER, traceId + ":2222222222222222",
          "traceparent", "00-" + "3".repeat(32) + "-" + "4".repeat(16) + "-01").body();

      assertThat(headers).startsWith("x-test-trace=" + traceId + ":").doesNotContain("traceparent").doesNotContain("baggage");
      assertThat(serverSpan(server, "GET /api/echo/out")).hasTraceId(traceId).hasParentSpanId("2222222222222222");
    });
  }

  @Test
  void queryIsNotRecordedByDefault() throws Exception {
    withServer(builder -> {}, server -> {
      server.get("echo/out?q=1&token=s3cret");
      SpanData span = serverSpan(server, "GET /api/echo/out");
      assertThat(span.getAttributes().get(AttributeKey.stringKey("url.query"))).isNull();
      assertThat(span.getAttributes().asMap().values().toString()).doesNotContain("s3cret");
    });
  }

  @Test
  void queryIsRecordedWhenConfiguredWithSensitiveValuesRedacted() throws Exception {
    withServer(
        builder -> builder
            .config("tracery.http.server.capture-query", "true")
            .config("tracery.http.redacted-query-parameters", "customer"),
        server -> {
          server.get("echo/out?q=1&token=s3cret&customer=acme&password=pw");
          SpanData span = serverSpan(server, "GET /api/echo/out");
          assertThat(span).hasAttribute(AttributeKey.stringKey("url.query"), "q=1&token=REDACTED&customer=REDACTED&password=REDACTED");
          List<SpanData> clients = server.spans().stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
          assertThat(clients).isNotEmpty();
        });
  }

  @Test
  void whileTracingIsOffTheFiltersDoNothing() throws Exception {
    withServer(builder -> builder.config("tracery.enabled", "false"), server -> {
      String headers = server.get("echo/out", "traceparent", "00-" + "5".repeat(32) + "-" + "6".repeat(16) + "-01").body();

      assertThat(headers).isEmpty();
      assertThat(server.spans()).isEmpty();
    });
  }
}
