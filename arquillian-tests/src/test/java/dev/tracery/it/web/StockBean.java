package dev.tracery.it.web;

import dev.tracery.Traced;
import jakarta.ejb.Stateless;

/** A stateless session bean traced like a CDI bean. */
@Stateless
public class StockBean {

  @Traced
  public int count(String item) {
    return item.length();
  }
}
