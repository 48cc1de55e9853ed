package dev.tracery.sample;

import dev.tracery.Traced;
import jakarta.enterprise.context.ApplicationScoped;

/** The carrier's delivery time; called on the managed executor's thread, traced there. */
@ApplicationScoped
public class Carrier {

  @Traced(operationName = "shipping.days")
  public int daysFor(Order order) {
    return 1 + order.quantity() % 3;
  }
}
