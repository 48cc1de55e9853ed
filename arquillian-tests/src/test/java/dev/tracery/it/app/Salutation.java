package dev.tracery.it.app;

import dev.tracery.Traced;

/**
 * A traced class with no bean-defining annotation: a bean only where the archive is discovered with
 * {@code bean-discovery-mode="all"}.
 */
@Traced
public class Salutation {

  public String salute(String name) {
    return "greetings, " + name;
  }
}
