package dev.tracery.sample;

import dev.tracery.Traced;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** Places and finds orders: every business method is a span, the calls it makes are its children. */
@ApplicationScoped
@Traced
public class OrderService {

  @Inject OrderRepository repository;
  @Inject PricingService pricing;

  public Order place(String item, int quantity) {
    long price = pricing.quote(item, quantity);
    return repository.save(item, quantity, price);
  }

  public Optional<Order> find(String id) {
    return repository.find(id);
  }
}
