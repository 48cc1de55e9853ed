package dev.tracery.sample;

import dev.tracery.Traced;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Places and finds orders: every business method is a span, the calls it makes are its children.
 * Its log lines carry the trace id where the server's log format prints it (the demo's WildFly
 * does).
 */
@ApplicationScoped
@Traced
public class OrderService {

  private static final Logger LOG = Logger.getLogger(OrderService.class.getName());

  @Inject OrderRepository repository;
  @Inject PricingClient pricing;
  @Inject OrderAnnouncer announcer;

  public Order place(URI api, String item, int quantity) {
    if (item == null || item.isBlank()) {
      throw new IllegalArgumentException("An order needs an item");
    }
    long price = pricing.quote(api, item, quantity);
    Order order = repository.save(item, quantity, price);
    LOG.info("Order " + order.id() + " placed: " + quantity + " x " + item + " for " + price);
    announcer.announce(order);
    return order;
  }

  public Optional<Order> find(String id) {
    return repository.find(id);
  }
}
