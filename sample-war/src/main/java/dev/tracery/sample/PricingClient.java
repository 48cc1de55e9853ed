package dev.tracery.sample;

import dev.tracery.RetryPolicy;
import dev.tracery.Spans;
import dev.tracery.Traced;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Asks the pricing service for a price, through a plain JAX-RS client. Tracery makes a CLIENT span
 * of the call and carries the trace to the pricing service in the request's {@code traceparent}
 * header. The call is retried through Tracery's programmatic API ({@link Spans#retry}): the trace
 * shows the operation {@code pricing.fetch} (with {@code service.peer.name}, the semantic
 * conventions' name of the service called) and one child span per attempt, with its number, its
 * outcome and the wait before the next one (order the item {@code flaky} to see a failed first
 * attempt). (A client per call: the default RESTEasy client keeps a single connection and is not
 * for concurrent use.)
 */
@ApplicationScoped
@Traced
public class PricingClient {

  /**
   * Up to three attempts, 100 ms then 150 ms apart (the default multiplier, 1.5), when the service
   * answers 503 or cannot be reached.
   */
  static final RetryPolicy RETRY =
      RetryPolicy.of(3, Duration.ofMillis(100))
          .retryingOn(ServiceUnavailableException.class, ProcessingException.class);

  @Inject Spans spans;

  public long quote(
      URI api,
      @SpanAttribute("order.item") String item,
      @SpanAttribute("order.quantity") int quantity) {
    long unitCents =
        spans.retry(
            "pricing.fetch",
            SpanKind.INTERNAL,
            Map.of("service.peer.name", "pricing"),
            RETRY,
            attempt -> fetch(api, item));
    return unitCents * quantity;
  }

  private static long fetch(URI api, String item) {
    Client client = ClientBuilder.newClient();
    try {
      return client
          .target(api)
          .path("pricing")
          .path(item)
          .request(MediaType.TEXT_PLAIN)
          .get(Long.class);
    } finally {
      client.close();
    }
  }
}
