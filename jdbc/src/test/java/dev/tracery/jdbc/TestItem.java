package dev.tracery.jdbc;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An entity for the JPA provider tests. */
@Entity
@Table(name = "TEST_ITEMS")
public class TestItem {

  @Id @GeneratedValue private Long id;

  private String name;

  protected TestItem() {}

  TestItem(String name) {
    this.name = name;
  }

  Long id() {
    return id;
  }
}
