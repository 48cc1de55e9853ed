package dev.tracery.sample;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The pricing service's own logic, written the MicroProfile Telemetry way with OpenTelemetry's
 * {@code @WithSpan}, which Tracery honours as it honours {@code @Traced}. {@link Span#current()} is
 * the span of this call.
 */
@ApplicationScoped
public class PriceList {

  @WithSpan("pricing.lookup")
  public long unitPriceCents(@SpanAttribute("pricing.item") String item) {
    long cents = 100L + Math.floorMod(item.hashCode(), 900);
    Span.current().setAttribute("pricing.unit_cents", cents);
    return cents;
  }
}
