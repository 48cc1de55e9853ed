package dev.tracery.extension.jaxrs;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outgoing calls through JAX-RS and MicroProfile Rest clients are CLIENT spans that carry the trace
 * to the next service: server span, client span, downstream server span form one trace.
 */
class ClientSpanTest {

  static JaxrsServer server;

  @BeforeAll
  static void start() {
    server =
        JaxrsServer.builder(ShopApplication.class)
            .beans(
                OrderResource.class,
                CheckoutResource.class,
                ConflictMapper.class,
                Inventory.class,
                Workers.class,
                ShopApi.class)
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void clear() {
    server.clearSpans();
  }

  private static List<SpanData> awaitServerSpans(int count) {
    return server.awaitSpans(
        spans -> spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).count() >= count);
  }

  private static SpanData one(List<SpanData> spans, Predicate<SpanData> which) {
    return spans.stream()
        .filter(which)
        .findFirst()
        .orElseThrow(() -> new AssertionError("not found in " + spans));
  }

  /** Checks the hop: checkout server span, its client span, the orders server span below it. */
  private static SpanData assertOneTraceAcrossTheHop(String checkoutRoute) {
    List<SpanData> spans = awaitServerSpans(2);
    SpanData checkout = one(spans, s -> s.getName().equals("GET " + checkoutRoute));
    SpanData client = one(spans, s -> s.getKind() == SpanKind.CLIENT);
    SpanData orders = one(spans, s -> s.getName().equals("GET /api/orders/{id}"));
    assertThat(client).hasParent(checkout).hasName("GET");
    assertThat(orders).hasParent(client).hasTraceId(checkout.getTraceId());
    assertThat(client.getEndEpochNanos()).isGreaterThanOrEqualTo(orders.getEndEpochNanos());
    return client;
  }

  @Test
  void synchronousJaxrsClientCallIsAClientSpanBetweenTwoServerSpans() throws Exception {
    assertThat(server.get("checkout/sync/42").body()).isEqualTo("order 42 x2");

    SpanData client = assertOneTraceAcrossTheHop("/api/checkout/sync/{id}");
    assertThat(client)
        .hasAttribute(AttributeKey.stringKey("http.request.method"), "GET")
        .hasAttribute(AttributeKey.stringKey("url.full"), server.baseUri() + "orders/42")
        .hasAttribute(AttributeKey.stringKey("server.address"), "127.0.0.1")
        .hasAttribute(AttributeKey.longKey("server.port"), (long) server.baseUri().getPort())
        .hasAttribute(AttributeKey.longKey("http.response.status_code"), 200L);
    assertThat(client.getInstrumentationScopeInfo().getName()).isEqualTo("dev.tracery.jaxrs");
  }

  @Test
  void asyncJaxrsClientCallEndsWhenTheResponseArrives() throws Exception {
    assertThat(server.get("checkout/async/7").body()).isEqualTo("order 7 x1");
    assertOneTraceAcrossTheHop("/api/checkout/async/{id}");
  }

  @Test
  void rxJaxrsClientCallEndsWhenTheResponseArrives() throws Exception {
    assertThat(server.get("checkout/rx/7").body()).isEqualTo("order 7 x1");
    assertOneTraceAcrossTheHop("/api/checkout/rx/{id}");
  }

  @Test
  void microProfileRestClientCallIsAClientSpan() throws Exception {
    assertThat(server.get("checkout/mp/99").body()).isEqualTo("order 99 x2");
    assertOneTraceAcrossTheHop("/api/checkout/mp/{id}");
  }

  @Test
  void microProfileRestClientCompletionStageCallIsAClientSpan() throws Exception {
    assertThat(server.get("checkout/mp-async/99").body()).isEqualTo("order 99 x2");
    assertOneTraceAcrossTheHop("/api/checkout/mp-async/{id}");
  }

  @Test
  void a4xxAnswerIsAnErrorOnTheClientSpanButNotOnTheServerSpan() throws Exception {
    assertThat(server.get("checkout/conflict").statusCode()).isEqualTo(409);

    List<SpanData> spans = awaitServerSpans(2);
    SpanData client = one(spans, s -> s.getKind() == SpanKind.CLIENT);
    assertThat(client)
        .hasAttribute(AttributeKey.longKey("http.response.status_code"), 409L)
        .hasAttribute(AttributeKey.stringKey("error.type"), "409");
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(
            one(spans, s -> s.getName().equals("GET /api/orders/conflict"))
                .getStatus()
                .getStatusCode())
        .isEqualTo(StatusCode.UNSET);
  }

  @Test
  void credentialsAndSensitiveQueryValuesNeverReachTheClientSpan() throws Exception {
    assertThat(server.get("checkout/secret").body()).isEqualTo("order 7 x1");

    SpanData client = one(awaitServerSpans(2), s -> s.getKind() == SpanKind.CLIENT);
    String url = client.getAttributes().get(AttributeKey.stringKey("url.full"));
    assertThat(url)
        .doesNotContain("alice")
        .doesNotContain("pa55")
        .doesNotContain("abc")
        .contains("REDACTED:REDACTED@")
        .endsWith("/orders/7?token=REDACTED&item=book");
  }

  @Test
  void aRefusedConnectionReachesTheCallerAndLeavesTheCurrentSpanAlone() throws Exception {
    HttpResponse<String> response = server.get("checkout/refused");

    assertThat(response.body()).isEqualTo("refused;current-unchanged=true");
    SpanData checkout =
        one(awaitServerSpans(1), s -> s.getName().equals("GET /api/checkout/refused"));
    assertThat(checkout.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }
}
