package dev.tracery.extension.jaxrs;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Configured propagators decide the headers in and out; query strings are recorded with sensitive
 * values redacted, never with the fragment, and not at all when switched off.
 */
class PropagationAndPrivacyTest {

  private static void withServer(
      Consumer<JaxrsServer.Builder> configure, ThrowingConsumer<JaxrsServer> test)
      throws Exception {
    JaxrsServer.Builder builder =
        JaxrsServer.builder(EchoApplication.class).beans(EchoHeadersResource.class);
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
        .filter(span -> span.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void defaultPropagatorsAreW3cTraceContextAndBaggage() throws Exception {
    withServer(
        builder -> {},
        server -> {
          String headers = server.get("echo/out", "baggage", "customer=acme").body();

          assertThat(headers)
              .contains("traceparent=00-")
              .contains("baggage=customer=acme")
              .doesNotContain("x-b3")
              .doesNotContainPattern("(?m)^(b3|uber-trace-id)=");
        });
  }

  @Test
  void propagationHeadersAreMatchedWhateverTheirCase() throws Exception {
    withServer(
        builder -> builder.config("otel.propagators", "tracecontext,baggage,b3multi"),
        server -> {
          String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
          server.get(
              "echo/in",
              "TRACEPARENT",
              "00-" + traceId + "-00f067aa0ba902b7-01",
              "BAGGAGE",
              "customer=acme");
          assertThat(serverSpan(server, "GET /api/echo/in"))
              .hasTraceId(traceId)
              .hasParentSpanId("00f067aa0ba902b7");

          server.clearSpans();
          String b3TraceId = "463ac35c9f6413ad48485a3953bb6124";
          server.get(
              "echo/in",
              "x-b3-TRACEID",
              b3TraceId,
              "X-B3-SPANID",
              "a2fb4a1d1a96d312",
              "x-B3-Sampled",
              "1");
          assertThat(serverSpan(server, "GET /api/echo/in"))
              .hasTraceId(b3TraceId)
              .hasParentSpanId("a2fb4a1d1a96d312");
        });
  }

  @Test
  void b3ExtractsAndInjectsWhenConfigured() throws Exception {
    withServer(
        builder -> builder.config("otel.propagators", "b3multi"),
        server -> {
          String traceId = "463ac35c9f6413ad48485a3953bb6124";
          String headers =
              server
                  .get(
                      "echo/out",
                      "X-B3-TraceId",
                      traceId,
                      "X-B3-SpanId",
                      "0020000000000001",
                      "X-B3-Sampled",
                      "1")
                  .body();

          assertThat(headers).contains("x-b3-traceid=" + traceId).doesNotContain("traceparent");
          assertThat(serverSpan(server, "GET /api/echo/out"))
              .hasTraceId(traceId)
              .hasParentSpanId("0020000000000001");
        });
  }

  @Test
  void jaegerPropagatorIsAvailable() throws Exception {
    withServer(
        builder -> builder.config("otel.propagators", "jaeger"),
        server -> {
          String headers = server.get("echo/out").body();
          assertThat(headers).contains("uber-trace-id=").doesNotContain("traceparent");
        });
  }

  @Test
  void anApplicationPropagatorFromTheSpiReplacesTheDefaults() throws Exception {
    withServer(
        builder -> builder.config("otel.propagators", "test-trace"),
        server -> {
          String traceId = "11111111111111111111111111111111";
          String headers =
              server
                  .get(
                      "echo/out",
                      TestPropagatorProvider.HEADER,
                      traceId + ":2222222222222222",
                      "traceparent",
                      "00-" + "3".repeat(32) + "-" + "4".repeat(16) + "-01")
                  .body();

          assertThat(headers)
              .startsWith("x-test-trace=" + traceId + ":")
              .doesNotContain("traceparent")
              .doesNotContain("baggage");
          assertThat(serverSpan(server, "GET /api/echo/out"))
              .hasTraceId(traceId)
              .hasParentSpanId("2222222222222222");
        });
  }

  private static SpanData clientSpan(JaxrsServer server) {
    return server
        .awaitSpans(s -> s.stream().anyMatch(span -> span.getKind() == SpanKind.CLIENT))
        .stream()
        .filter(span -> span.getKind() == SpanKind.CLIENT)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void queryIsRecordedByDefaultWithSensitiveValuesRedacted() throws Exception {
    withServer(
        builder -> {},
        server -> {
          server.get("echo/out?q=1&token=s3cret&Signature=sig1&X-Goog-Signature=g00g");

          assertThat(serverSpan(server, "GET /api/echo/out"))
              .hasAttribute(
                  AttributeKey.stringKey("url.query"),
                  "q=1&token=REDACTED&Signature=REDACTED&X-Goog-Signature=REDACTED");
          String url = clientSpan(server).getAttributes().get(AttributeKey.stringKey("url.full"));
          assertThat(url)
              .endsWith(
                  "/api/echo/in?q=1&token=REDACTED&Signature=REDACTED&X-Goog-Signature=REDACTED");
        });
  }

  @Test
  void parameterNamesAreMatchedAfterPercentDecoding() throws Exception {
    withServer(
        builder -> builder.config("tracery.http.redacted-query-parameters", "customer id"),
        server -> {
          server.get(
              "echo/out?q=%41&access%5Ftoken=s3cret&%73ig=abc&customer+id=acme&AWS%41ccessKeyId=AKIA1");

          String expected =
              "q=%41&access%5Ftoken=REDACTED&%73ig=REDACTED&customer+id=REDACTED&AWS%41ccessKeyId=REDACTED";
          assertThat(serverSpan(server, "GET /api/echo/out"))
              .hasAttribute(AttributeKey.stringKey("url.query"), expected);
          assertThat(clientSpan(server).getAttributes().get(AttributeKey.stringKey("url.full")))
              .endsWith("/api/echo/in?" + expected);
        });
  }

  @Test
  void theFragmentIsNeverRecorded() throws Exception {
    withServer(
        builder -> {},
        server -> {
          // The resource calls downstream with the query it got and a fragment (#fragment=not-sent)
          // appended.
          server.get("echo/out?q=1&access_token=s3cret");

          String url = clientSpan(server).getAttributes().get(AttributeKey.stringKey("url.full"));
          assertThat(url)
              .endsWith("/api/echo/in?q=1&access_token=REDACTED")
              .doesNotContain("#")
              .doesNotContain("not-sent");
          assertThat(server.spans().toString()).doesNotContain("s3cret").doesNotContain("not-sent");
        });
  }

  @Test
  void queryIsNotRecordedWhenSwitchedOff() throws Exception {
    withServer(
        builder ->
            builder
                .config("tracery.http.server.capture-query", "false")
                .config("tracery.http.client.capture-query", "false"),
        server -> {
          server.get("echo/out?q=1&item=book");

          SpanData span = serverSpan(server, "GET /api/echo/out");
          assertThat(span.getAttributes().get(AttributeKey.stringKey("url.query"))).isNull();
          assertThat(clientSpan(server).getAttributes().get(AttributeKey.stringKey("url.full")))
              .endsWith("/api/echo/in");
          assertThat(server.spans().toString()).doesNotContain("item=book");
        });
  }

  @Test
  void eachSideOfTheQuerySwitchIsIndependent() throws Exception {
    withServer(
        builder -> builder.config("tracery.http.server.capture-query", "false"),
        server -> {
          server.get("echo/out?q=1&item=book");

          assertThat(
                  serverSpan(server, "GET /api/echo/out")
                      .getAttributes()
                      .get(AttributeKey.stringKey("url.query")))
              .isNull();
          assertThat(clientSpan(server).getAttributes().get(AttributeKey.stringKey("url.full")))
              .endsWith("/api/echo/in?q=1&item=book");
        });
  }

  @Test
  void configuredParametersAreRedactedToo() throws Exception {
    withServer(
        builder -> builder.config("tracery.http.redacted-query-parameters", "customer"),
        server -> {
          server.get("echo/out?q=1&token=s3cret&customer=acme&password=pw");
          SpanData span = serverSpan(server, "GET /api/echo/out");
          assertThat(span)
              .hasAttribute(
                  AttributeKey.stringKey("url.query"),
                  "q=1&token=REDACTED&customer=REDACTED&password=REDACTED");
        });
  }

  @Test
  void whileTracingIsOffTheFiltersDoNothing() throws Exception {
    withServer(
        builder -> builder.config("tracery.enabled", "false"),
        server -> {
          String headers =
              server
                  .get(
                      "echo/out",
                      "traceparent",
                      "00-" + "5".repeat(32) + "-" + "6".repeat(16) + "-01")
                  .body();

          assertThat(headers).isEmpty();
          assertThat(server.spans()).isEmpty();
        });
  }
}
