package dev.tracery.extension.jaxrs;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code tracery.http.server.record-mapped-exceptions=false}: resources are not intercepted, so a
 * request that failed is traced by its status only (unless the exception escapes JAX-RS to the
 * servlet container, which RESTEasy does not let it do); a 5xx still makes the span an error.
 */
class MappedExceptionsOffTest {

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
            .config("tracery.http.server.record-mapped-exceptions", "false")
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

  @Test
  void mappedExceptionLeavesOnlyItsStatus() throws Exception {
    assertThat(server.get("orders/conflict").statusCode()).isEqualTo(409);

    assertThat(serverSpan())
        .hasName("GET /api/orders/conflict")
        .hasStatus(StatusData.unset())
        .hasAttribute(AttributeKey.longKey("http.response.status_code"), 409L)
        .hasTotalRecordedEvents(0);
  }

  @Test
  void unmappedExceptionStillMakesAnErrorSpan() throws Exception {
    assertThat(server.get("orders/broken").statusCode()).isEqualTo(500);

    SpanData span = serverSpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span).hasAttribute(AttributeKey.longKey("http.response.status_code"), 500L);
  }
}
