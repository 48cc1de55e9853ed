package dev.tracery.benchmarks;

import dev.tracery.Traced;
import jakarta.enterprise.context.ApplicationScoped;

/** The same bean with {@code @Traced}. */
@ApplicationScoped
public class TracedGreeter {
  @Traced
  public int greet(int value) {
    return value * 31 + 7;
  }
}
