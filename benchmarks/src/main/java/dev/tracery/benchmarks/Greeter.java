package dev.tracery.benchmarks;

import jakarta.enterprise.context.ApplicationScoped;

/** The baseline: an application-scoped CDI bean with no tracing. */
@ApplicationScoped
public class Greeter {
  public int greet(int value) {
    return value * 31 + 7;
  }
}
