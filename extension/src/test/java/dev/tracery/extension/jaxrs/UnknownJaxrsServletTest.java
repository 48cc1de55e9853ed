package dev.tracery.extension.jaxrs;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A JAX-RS runtime whose servlet Tracery's servlet filter does not recognise: the filter starts the
 * request's span, and the JAX-RS filters adopt it instead of starting a second one, naming it after
 * the resource method.
 */
class UnknownJaxrsServletTest {

  /** RESTEasy under a class name of the application's. */
  public static class RenamedDispatcher extends HttpServlet30Dispatcher {
    private static final long serialVersionUID = 1L;
  }

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
                Workers.class)
            .jaxrsServlet(RenamedDispatcher.class)
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void requestIsOneServerSpanNamedAfterTheResourceMethod() throws Exception {
    assertThat(server.get("orders/3").statusCode()).isEqualTo(200);

    List<SpanData> spans =
        server.awaitSpans(s -> s.stream().anyMatch(x -> x.getKind() == SpanKind.SERVER));
    List<SpanData> servers =
        spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).collect(Collectors.toList());
    assertThat(servers).hasSize(1);
    assertThat(servers.get(0))
        .hasName("GET /api/orders/{id}")
        .hasAttribute(AttributeKey.stringKey("http.route"), "/api/orders/{id}")
        .hasAttribute(AttributeKey.longKey("http.response.status_code"), 200L);
    SpanData bean =
        spans.stream().filter(s -> s.getName().equals("Inventory.count")).findFirst().orElseThrow();
    assertThat(bean).hasParent(servers.get(0));
  }
}
