package dev.tracery.it.async;

import dev.tracery.Traced;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The traced work each asynchronous path ends in: its span shows which trace the other thread
 * joined.
 */
@ApplicationScoped
public class Worker {

  @Traced
  public String work(@SpanAttribute("it.path") String path) {
    return path + " on " + Thread.currentThread().getName();
  }
}
