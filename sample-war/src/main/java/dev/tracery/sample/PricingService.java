package dev.tracery.sample;

import dev.tracery.Traced;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Prices an order line. Shows the injected {@link Span}: it is always the span of the running call. */
@ApplicationScoped
public class PricingService {

  @Inject Span span;

  @Traced(operationName = "pricing.quote")
  public long quote(@SpanAttribute("order.item") String item, @SpanAttribute("order.quantity") int quantity) {
    if (item.isBlank()) {
      throw new IllegalArgumentException("An order needs an item");
    }
    long unitCents = 100L + Math.floorMod(item.hashCode(), 900);
    span.setAttribute("pricing.unit_cents", unitCents);
    return unitCents * quantity;
  }
}
