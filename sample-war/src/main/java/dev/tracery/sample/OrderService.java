package dev.tracery.sample;

import dev.tracery.Traced;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;

/** Places and finds orders: every business method is a span, the calls it makes are its children. */
@ApplicationScoped
@Traced
public class OrderService {

  @Inject OrderRepository repository;
  @Inject PricingClient pricing;
  @Inject OrderAnnouncer announcer;

  public Order place(URI api, String item, int quantity) {
    if (item == null || item.isBlank()) {
      throw new IllegalArgumentException("An order needs an item");
    }
    long price = pricing.quote(api, item, quantity);
    Order order = repository.save(item, quantity, price);
    announcer.announce(order);
    return order;
  }

  public Optional<Order> find(String id) {
    return repository.find(id);
  }
}
