package dev.tracery.it.web;

import dev.tracery.Traced;
import jakarta.ejb.Singleton;
import java.util.concurrent.atomic.AtomicInteger;

/** A singleton session bean, traced as a whole. */
@Singleton
@Traced
public class VisitCounter {

  private final AtomicInteger visits = new AtomicInteger();

  public int next() {
    return visits.incrementAndGet();
  }
}
