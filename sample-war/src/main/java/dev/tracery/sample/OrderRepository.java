package dev.tracery.sample;

import dev.tracery.Traced;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * Stores orders through JPA in the server's default data source ({@code
 * java:comp/DefaultDataSource}: H2 on WildFly and on Payara). The JPA code is plain; the database
 * statements become spans because persistence.xml names Tracery's connection provider (Hibernate)
 * and session customizer (EclipseLink).
 */
@ApplicationScoped
@Traced
public class OrderRepository {

  @PersistenceContext(unitName = "orders")
  EntityManager entityManager;

  @Transactional
  public Order save(String item, int quantity, long priceCents) {
    StoredOrder order = new StoredOrder(item, quantity, priceCents);
    entityManager.persist(order);
    entityManager.flush();
    return order.toOrder();
  }

  public Optional<Order> find(@SpanAttribute("order.id") String id) {
    long key;
    try {
      key = Long.parseLong(id);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.ofNullable(entityManager.find(StoredOrder.class, key))
        .map(StoredOrder::toOrder);
  }
}
