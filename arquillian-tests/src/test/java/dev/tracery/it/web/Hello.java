package dev.tracery.it.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The backing bean of the Faces page {@code hello.xhtml}. */
@Named
@RequestScoped
public class Hello {

  @Inject StockBean stock;

  public String getMessage() {
    return "hello faces " + stock.count("faces");
  }
}
