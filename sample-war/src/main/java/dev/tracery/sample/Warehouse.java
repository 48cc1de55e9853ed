package dev.tracery.sample;

import dev.tracery.Traced;
import jakarta.enterprise.context.ApplicationScoped;

/** Reserves stock for an announced order: a {@code @Traced} bean called by the message consumer. */
@ApplicationScoped
public class Warehouse {

  @Traced
  public void reserve(String orderId) {
    // a real warehouse would update its stock here
  }
}
