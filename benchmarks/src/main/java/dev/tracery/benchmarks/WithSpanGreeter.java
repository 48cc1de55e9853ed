package dev.tracery.benchmarks;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;

/** The same bean, written for MicroProfile Telemetry: {@code @WithSpan}. */
@ApplicationScoped
public class WithSpanGreeter {
  @WithSpan
  public int greet(int value) {
    return value * 31 + 7;
  }
}
