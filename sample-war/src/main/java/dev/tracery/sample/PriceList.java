package dev.tracery.sample;

import dev.tracery.Traced;
import io.opentelemetry.api.trace.Span;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The pricing service's own logic. Shows the injected {@link Span}: always the span of the running call. */
@ApplicationScoped
public class PriceList {

  @Inject Span span;

  @Traced(operationName = "pricing.lookup")
  public long unitPriceCents(String item) {
    long cents = 100L + Math.floorMod(item.hashCode(), 900);
    span.setAttribute("pricing.unit_cents", cents);
    return cents;
  }
}
