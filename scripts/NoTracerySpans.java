package dev.tracery.loadtest;

import dev.tracery.Spans;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * Load test only (scripts/load-test.sh, modes {@code none} and {@code peer}): never part of Tracery
 * or of the sample. Without Tracery's CDI extension nothing provides the {@code Spans} bean the
 * sample injects, so these variants of the WAR get this producer of {@link Spans#noop()}, which runs
 * the block and does nothing else (no span). Neither measured endpoint uses it; the
 * order the script places at start-up does.
 */
@Dependent
public class NoTracerySpans {

  @Produces
  Spans spans() {
    return Spans.noop();
  }
}
