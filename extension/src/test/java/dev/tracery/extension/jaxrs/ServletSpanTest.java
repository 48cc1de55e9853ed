package dev.tracery.extension.jaxrs;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests that JAX-RS does not serve (plain servlets, pages) are SERVER spans too, named after
 * their servlet mapping; JAX-RS requests next to them keep their one SERVER span.
 */
class ServletSpanTest {

  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

  static JaxrsServer server;
  static final PagesServlet PAGES = new PagesServlet();
  static final PagesServlet STATUS_PAGE = new PagesServlet();
  static final PagesServlet VIEWS = new PagesServlet();

  @BeforeAll
  static void start() {
    server =
        JaxrsServer.builder(ShopApplication.class)
            .beans(
                OrderResource.class,
                HealthResource.class,
                ConflictMapper.class,
                Inventory.class,
                Workers.class)
            .servlet("/pages/*", PAGES)
            .servlet("status", STATUS_PAGE)
            .servlet("*.xhtml", VIEWS)
            .config("tracery.http.server.excluded-paths", "/api/health,/pages/hidden*")
            .start();
    for (PagesServlet servlet : List.of(PAGES, STATUS_PAGE, VIEWS)) {
      servlet.inventory = server.weld().select(Inventory.class).get();
      servlet.api = server.baseUri();
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void clear() {
    server.clearSpans();
  }

  private static HttpResponse<String> page(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.contextUri() + path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return server.send(request);
  }

  private static List<SpanData> servers(List<SpanData> spans) {
    return spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).collect(Collectors.toList());
  }

  @Test
  void servletRequestIsAServerSpanNamedAfterItsMappingAndParentOfTracedBeans() throws Exception {
    HttpResponse<String> response = page("/pages/catalog?q=books");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("page /catalog stock 3");
    List<SpanData> spans = server.awaitSpans(s -> s.size() >= 2 && !servers(s).isEmpty());
    SpanData span = servers(spans).get(0);
    assertThat(servers(spans)).hasSize(1);
    assertThat(span)
        .hasName("GET /pages/*")
        .hasNoParent()
        .hasAttribute(ROUTE, "/pages/*")
        .hasAttribute(STATUS, 200L)
        .hasAttribute(AttributeKey.stringKey("http.request.method"), "GET")
        .hasAttribute(AttributeKey.stringKey("url.path"), "/shop/pages/catalog")
        .hasAttribute(AttributeKey.stringKey("url.query"), "q=books")
        .hasAttribute(AttributeKey.stringKey("url.scheme"), "http");
    SpanData bean =
        spans.stream().filter(s -> s.getName().equals("Inventory.count")).findFirst().orElseThrow();
    assertThat(bean).hasParent(span);
  }

  @Test
  void exactAndExtensionMappingsAreTheRoute() throws Exception {
    assertThat(page("/status").statusCode()).isEqualTo(200);
    assertThat(server.awaitServerSpan()).hasName("GET /status").hasAttribute(ROUTE, "/status");
    server.clearSpans();

    assertThat(page("/orders/list.xhtml").statusCode()).isEqualTo(200);
    assertThat(server.awaitServerSpan()).hasName("GET /*.xhtml").hasAttribute(ROUTE, "/*.xhtml");
  }

  @Test
  void incomingTraceparentIsHonoured() throws Exception {
    page("/pages/a", "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

    assertThat(server.awaitServerSpan())
        .hasTraceId("0af7651916cd43dd8448eb211c80319c")
        .hasParentSpanId("b7ad6b7169203331");
  }

  @Test
  void clientCallFromAPageJoinsThePageTraceAndJaxrsKeepsOneServerSpan() throws Exception {
    HttpResponse<String> response = page("/pages/order");

    assertThat(response.body()).isEqualTo("page with order 5 x1");
    List<SpanData> spans =
        server.awaitSpans(
            s ->
                servers(s).size() >= 2 && s.stream().anyMatch(x -> x.getKind() == SpanKind.CLIENT));
    List<SpanData> serverSpans = servers(spans);
    assertThat(serverSpans).hasSize(2);
    SpanData page =
        serverSpans.stream()
            .filter(s -> s.getName().equals("GET /pages/*"))
            .findFirst()
            .orElseThrow();
    SpanData api =
        serverSpans.stream()
            .filter(s -> s.getName().equals("GET /api/orders/{id}"))
            .findFirst()
            .orElseThrow();
    SpanData client =
        spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
    assertThat(page).hasNoParent();
    assertThat(client).hasParent(page);
    assertThat(api).hasParent(client).hasAttribute(ROUTE, "/api/orders/{id}");
  }

  @Test
  void jaxrsRequestIsStillOneServerSpan() throws Exception {
    assertThat(server.get("orders/9").statusCode()).isEqualTo(200);

    List<SpanData> spans = server.awaitSpans(s -> !servers(s).isEmpty());
    assertThat(servers(spans)).hasSize(1);
    assertThat(servers(spans).get(0)).hasName("GET /api/orders/{id}");
  }

  @Test
  void throwingServletEndsItsSpanAsAnError() throws Exception {
    assertThat(page("/pages/fail").statusCode()).isEqualTo(500);

    SpanData span = server.awaitServerSpan();
    assertThat(span)
        .hasName("GET /pages/*")
        .hasAttribute(STATUS, 500L)
        .hasAttribute(AttributeKey.stringKey("error.type"), "500");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getEvents())
        .anySatisfy(
            event ->
                assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message")))
                    .isEqualTo("page failed"));
  }

  @Test
  void asynchronousServletEndsItsSpanWhenComplete() throws Exception {
    HttpResponse<String> response = page("/pages/async");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEqualTo("later");
    assertThat(server.awaitServerSpan()).hasName("GET /pages/*").hasAttribute(STATUS, 202L);
  }

  @Test
  void excludedPathsStaticFilesAndFacesResourcesMakeNoSpan() throws Exception {
    assertThat(page("/pages/hidden/x").statusCode()).isEqualTo(200);
    assertThat(page("/style.css").statusCode()).isEqualTo(404); // the container's default servlet
    assertThat(page("/jakarta.faces.resource/app.css.xhtml").statusCode()).isEqualTo(200);
    assertThat(page("/api/health").statusCode()).isEqualTo(200);
    // A request after them that is traced: once its span is there, the ones before would be too.
    page("/status");
    List<SpanData> spans = server.awaitSpans(s -> !servers(s).isEmpty());
    assertThat(servers(spans)).extracting(SpanData::getName).containsExactly("GET /status");
  }
}
