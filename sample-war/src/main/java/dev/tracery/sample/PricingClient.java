package dev.tracery.sample;

import dev.tracery.Traced;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;

/**
 * Asks the pricing service for a price, through a plain JAX-RS client. Tracery makes a CLIENT span
 * of the call and carries the trace to the pricing service in the request's {@code traceparent}
 * header; nothing here knows about tracing but the {@code @Traced} on the class. (A client per
 * call: the default RESTEasy client keeps a single connection and is not for concurrent use.)
 */
@ApplicationScoped
@Traced
public class PricingClient {

  public long quote(
      URI api,
      @SpanAttribute("order.item") String item,
      @SpanAttribute("order.quantity") int quantity) {
    Client client = ClientBuilder.newClient();
    try {
      long unitCents =
          client
              .target(api)
              .path("pricing")
              .path(item)
              .request(MediaType.TEXT_PLAIN)
              .get(Long.class);
      return unitCents * quantity;
    } finally {
      client.close();
    }
  }
}
