package dev.tracery.sample;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An order as the database stores it (table {@code SAMPLE_ORDERS}). */
@Entity
@Table(name = "SAMPLE_ORDERS")
public class StoredOrder {

  @Id @GeneratedValue private Long id;

  private String item;
  private int quantity;
  private long priceCents;

  protected StoredOrder() {}

  StoredOrder(String item, int quantity, long priceCents) {
    this.item = item;
    this.quantity = quantity;
    this.priceCents = priceCents;
  }

  Order toOrder() {
    return new Order(String.valueOf(id), item, quantity, priceCents);
  }
}
