package dev.tracery.extension.jaxrs;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every JAX-RS request is a SERVER span, named after its route, with the HTTP semantic conventions.
 */
class ServerSpanTest {

  static JaxrsServer server;

  @BeforeAll
  static void start() {
    server =
        JaxrsServer.builder(ShopApplication.class)
            .beans(
                OrderResource.class,
                HealthResource.class,
                ConflictMapper.class,
                Inventory.class,
                Workers.class,
                CatalogResource.Books.class,
                CatalogResource.Films.class)
            .config("tracery.http.server.excluded-paths", "/api/health,/metrics/*")
            .config("otel.instrumentation.http.server.capture-request-headers", "X-Request-Id")
            .config("otel.instrumentation.http.server.capture-response-headers", "Content-Type")
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

  private static SpanData serverSpan() {
    return server.awaitServerSpan();
  }

  private static SpanData named(String name) {
    return server.spans().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + server.spans()));
  }

  @Test
  void methodInheritedByTwoResourcesIsNamedAfterTheRouteOfEach() throws Exception {
    assertThat(server.get("books/7").body()).isEqualTo("7");
    assertThat(serverSpan()).hasName("GET /api/books/{id}");
    server.clearSpans();

    assertThat(server.get("films/8").body()).isEqualTo("8");
    assertThat(serverSpan())
        .hasName("GET /api/films/{id}")
        .hasAttribute(AttributeKey.stringKey("http.route"), "/api/films/{id}");
  }

  @Test
  void requestIsAServerSpanNamedAfterItsRouteWithHttpAttributes() throws Exception {
    HttpResponse<String> response = server.get("orders/42", "X-Request-Id", "r-1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("order 42 x2");
    SpanData span = serverSpan();
    assertThat(span)
        .hasName("GET /api/orders/{id}")
        .hasKind(SpanKind.SERVER)
        .hasNoParent()
        .hasStatus(StatusData.unset())
        .hasAttribute(AttributeKey.stringKey("http.request.method"), "GET")
        .hasAttribute(AttributeKey.stringKey("http.route"), "/api/orders/{id}")
        .hasAttribute(AttributeKey.stringKey("url.path"), "/shop/api/orders/42")
        .hasAttribute(AttributeKey.stringKey("url.scheme"), "http")
        .hasAttribute(AttributeKey.longKey("http.response.status_code"), 200L)
        .hasAttribute(AttributeKey.stringKey("server.address"), "127.0.0.1")
        .hasAttribute(AttributeKey.longKey("server.port"), (long) server.baseUri().getPort())
        .hasAttribute(AttributeKey.stringKey("client.address"), "127.0.0.1")
        .hasAttribute(AttributeKey.stringKey("network.protocol.version"), "1.1")
        .hasAttribute(
            AttributeKey.stringArrayKey("http.request.header.x-request-id"), List.of("r-1"));
    assertThat(
            span.getAttributes()
                .get(AttributeKey.stringArrayKey("http.response.header.content-type")))
        .singleElement()
        .satisfies(type -> assertThat(type).startsWith("text/plain"));
    assertThat(span.getAttributes().get(AttributeKey.stringKey("user_agent.original")))
        .startsWith("Java-http-client");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("url.query"))).isNull();
    assertThat(span.getInstrumentationScopeInfo().getName()).isEqualTo("dev.tracery.jaxrs");
    assertThat(named("Inventory.count")).hasParent(span);
  }

  @Test
  void routeTemplatesDropParameterRegexes() throws Exception {
    server.get("orders/7/price");

    assertThat(serverSpan()).hasName("GET /api/orders/{id}/price");
  }

  @Test
  void postIsNamedWithItsMethod() throws Exception {
    HttpResponse<String> response =
        server.send(
            HttpRequest.newBuilder(server.baseUri().resolve("orders"))
                .POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(serverSpan())
        .hasName("POST /api/orders")
        .hasAttribute(AttributeKey.longKey("http.response.status_code"), 201L);
  }

  @Test
  void unmatchedRequestIsTracedWithoutARouteAndA404IsNoError() throws Exception {
    assertThat(server.get("nothing/here").statusCode()).isEqualTo(404);

    SpanData span = serverSpan();
    assertThat(span)
        .hasName("GET")
        .hasStatus(StatusData.unset())
        .hasAttribute(AttributeKey.longKey("http.response.status_code"), 404L);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("http.route"))).isNull();
  }

  @Test
  void unknownMethodIsRecordedAsOtherAndNamedHttp() throws Exception {
    server.send(
        HttpRequest.newBuilder(server.baseUri().resolve("orders/1"))
            .method("PURGE", HttpRequest.BodyPublishers.noBody()));

    assertThat(serverSpan())
        .hasName("HTTP")
        .hasAttribute(AttributeKey.stringKey("http.request.method"), "_OTHER")
        .hasAttribute(AttributeKey.stringKey("http.request.method_original"), "PURGE");
  }

  @Test
  void continuesTheTraceAndBaggageTheRequestCarries() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    HttpResponse<String> response =
        server.get(
            "orders/context",
            "traceparent",
            "00-" + traceId + "-00f067aa0ba902b7-01",
            "baggage",
            "customer=acme");

    assertThat(response.body()).isEqualTo("customer=acme;trace=" + traceId);
    assertThat(serverSpan()).hasTraceId(traceId).hasParentSpanId("00f067aa0ba902b7");
  }

  @Test
  void mappedExceptionIsRecordedButA409IsNoError() throws Exception {
    assertThat(server.get("orders/conflict").statusCode()).isEqualTo(409);

    SpanData span = serverSpan();
    assertThat(span)
        .hasName("GET /api/orders/conflict")
        .hasStatus(StatusData.unset())
        .hasAttribute(AttributeKey.longKey("http.response.status_code"), 409L)
        .hasEventsSatisfyingExactly(
            event ->
                event
                    .hasName("exception")
                    .hasAttributesSatisfying(
                        a ->
                            assertThat(a.get(AttributeKey.stringKey("exception.type")))
                                .isEqualTo(ConflictException.class.getName())));
  }

  @Test
  void unmappedExceptionMakesAnErrorSpanWithTheException() throws Exception {
    assertThat(server.get("orders/broken").statusCode()).isEqualTo(500);

    SpanData span = serverSpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span).hasAttribute(AttributeKey.longKey("http.response.status_code"), 500L);
    assertThat(span.getEvents())
        .anySatisfy(
            event ->
                assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message")))
                    .isEqualTo("database gone"));
  }

  @Test
  void asyncResponseEndsTheSpanWhenResumedAndLeavesNoContextOnEitherThread() throws Exception {
    HttpResponse<String> response = server.get("orders/async/abc");

    assertThat(response.body()).isEqualTo("async abc x3");
    SpanData span = serverSpan();
    assertThat(span)
        .hasName("GET /api/orders/async/{id}")
        .hasAttribute(AttributeKey.longKey("http.response.status_code"), 200L);
    assertThat(named("Inventory.count")).hasParent(span);
    assertThat(span.getEndEpochNanos() - span.getStartEpochNanos())
        .isGreaterThanOrEqualTo(50_000_000L);
    assertThat(server.weld().select(Workers.class).get().workerContextIsClean()).isTrue();
  }

  @Test
  void completionStageEndsTheSpanWhenItCompletes() throws Exception {
    HttpResponse<String> response = server.get("orders/stage/abcd");

    assertThat(response.body()).isEqualTo("stage abcd x4");
    SpanData span = serverSpan();
    assertThat(span).hasName("GET /api/orders/stage/{id}");
    assertThat(span.getEndEpochNanos() - span.getStartEpochNanos())
        .isGreaterThanOrEqualTo(50_000_000L);
    assertThat(named("Inventory.count")).hasParent(span);
    assertThat(server.weld().select(Workers.class).get().workerContextIsClean()).isTrue();
  }

  @Test
  void completionStageFailingLaterMakesAnErrorSpan() throws Exception {
    assertThat(server.get("orders/stage-broken").statusCode()).isEqualTo(500);

    SpanData span = serverSpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getEvents())
        .anySatisfy(
            event ->
                assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message")))
                    .isEqualTo("late failure"));
  }

  @Test
  void completionStageFailingLaterWithAMappedExceptionKeepsTheMappersResponseAndRecordsIt()
      throws Exception {
    HttpResponse<String> response = server.get("orders/stage-conflict");
    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.body()).isEqualTo("shipped meanwhile");

    SpanData span = serverSpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getEvents())
        .anySatisfy(
            event ->
                assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.type")))
                    .isEqualTo(ConflictException.class.getName()));
  }

  @Test
  void excludedPathsMakeNoSpan() throws Exception {
    assertThat(server.get("health").body()).isEqualTo("UP");
    server.get("orders/1");

    List<SpanData> spans =
        server.awaitSpans(s -> s.stream().anyMatch(span -> span.getKind() == SpanKind.SERVER));
    assertThat(spans)
        .extracting(SpanData::getName)
        .doesNotContain("GET /api/health")
        .contains("GET /api/orders/{id}");
  }
}
