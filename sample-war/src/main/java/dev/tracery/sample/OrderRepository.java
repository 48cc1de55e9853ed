package dev.tracery.sample;

import dev.tracery.Traced;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Stores orders: an in-memory stand-in for a database, traced as a repository would be. */
@ApplicationScoped
@Traced
public class OrderRepository {

  private final Map<String, Order> orders = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger(1000);

  public Order save(String item, int quantity, long priceCents) {
    Order order = new Order(String.valueOf(ids.incrementAndGet()), item, quantity, priceCents);
    orders.put(order.id(), order);
    return order;
  }

  public Optional<Order> find(@SpanAttribute("order.id") String id) {
    return Optional.ofNullable(orders.get(id));
  }
}
