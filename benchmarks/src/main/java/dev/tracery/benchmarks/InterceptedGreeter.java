package dev.tracery.benchmarks;

import jakarta.enterprise.context.ApplicationScoped;

/** The same bean behind an interceptor that does nothing. */
@ApplicationScoped
public class InterceptedGreeter {
  @PassThrough
  public int greet(int value) {
    return value * 31 + 7;
  }
}
