package dev.tracery.extension.export;

import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Closed, open, half-open. Closed lets every export through and counts consecutive failures; at the
 * threshold it opens. Open refuses every export at once, without touching the network, until the
 * open duration has passed; then one export is let through as a probe (half-open): its success
 * closes the breaker, its failure opens it again for another open duration. The sender reports
 * every export it was let through, whatever happens: an export or a probe that throws is a failure,
 * so the breaker opens again and probes later. A probe not reported within an open duration counts
 * as lost, and another goes.
 *
 * <p>Each change of state is logged once, WARNING when it opens and INFO when it closes, with the
 * reason; failed exports themselves are never logged. Thread-safe.
 */
final class CircuitBreaker {

  enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  /** What {@link #tryAcquire()} decided for one export. */
  enum Permit {
    /** Closed: export, with retries. */
    EXPORT,
    /** Half-open: this export is the single probe. */
    PROBE,
    /** Open: do not touch the network. */
    REFUSE
  }

  private static final Logger LOG = Logger.getLogger(CircuitBreaker.class.getName());

  private final String target;
  private final int failureThreshold;
  private final long openNanos;
  private final LongSupplier nanoTime;
  private final ExportStatistics statistics;

  private State state = State.CLOSED;
  private int consecutiveFailures;
  private long openedAt;
  private boolean probeInFlight;
  private long probeStartedAt;

  CircuitBreaker(String target, ExportSettings settings, ExportStatistics statistics) {
    this.target = target;
    this.failureThreshold = settings.failureThreshold;
    this.openNanos = settings.openDuration.toNanos();
    this.nanoTime = settings.nanoTime;
    this.statistics = statistics;
  }

  /**
   * Whether an export started now would be refused: open and not yet due for its probe, or
   * half-open with the probe under way. Changes nothing, unlike {@link #tryAcquire()}.
   */
  synchronized boolean refusing() {
    long now = nanoTime.getAsLong();
    return state == State.OPEN
        ? now - openedAt < openNanos
        : state == State.HALF_OPEN && probeInFlight && !probeLost(now);
  }

  /**
   * A probe never reported for a whole open duration: its export cannot still be under way (every
   * attempt is bounded), so it was lost somewhere; another probe may go. Keeps the breaker from
   * refusing forever.
   */
  private boolean probeLost(long now) {
    return now - probeStartedAt >= openNanos;
  }

  /**
   * How long until {@link #tryAcquire()} would let a probe through: the rest of the open duration
   * when open, a whole one when half-open with a probe under way (check again later), and -1 when
   * it is not refusing (closed, or half-open and free).
   */
  synchronized long nanosUntilProbe() {
    if (state == State.OPEN) {
      return Math.max(0, openNanos - (nanoTime.getAsLong() - openedAt));
    }
    return state == State.HALF_OPEN && probeInFlight ? openNanos : -1;
  }

  synchronized Permit tryAcquire() {
    switch (state) {
      case CLOSED:
        return Permit.EXPORT;
      case OPEN:
        if (nanoTime.getAsLong() - openedAt >= openNanos) {
          state = State.HALF_OPEN;
          statistics.state(state);
          probeInFlight = true;
          probeStartedAt = nanoTime.getAsLong();
          return Permit.PROBE;
        }
        return Permit.REFUSE;
      case HALF_OPEN:
      default:
        long now = nanoTime.getAsLong();
        if (!probeInFlight || probeLost(now)) {
          probeInFlight = true;
          probeStartedAt = now;
          return Permit.PROBE;
        }
        return Permit.REFUSE;
    }
  }

  synchronized void onSuccess() {
    consecutiveFailures = 0;
    if (state != State.CLOSED) {
      long openSeconds = (nanoTime.getAsLong() - openedAt) / 1_000_000_000L;
      state = State.CLOSED;
      probeInFlight = false;
      statistics.state(state);
      statistics.breakerClosed();
      LOG.info(
          "Tracery: the span exporter to "
              + target
              + " is back; circuit breaker closed after "
              + openSeconds
              + " s open. Buffered spans are being sent.");
    }
  }

  synchronized void onFailure(String reason) {
    consecutiveFailures++;
    if (state == State.HALF_OPEN) {
      state = State.OPEN;
      probeInFlight = false;
      openedAt = nanoTime.getAsLong();
      statistics.state(state);
      return; // still failing: no new line, the WARNING said it already
    }
    if (state == State.CLOSED && consecutiveFailures >= failureThreshold) {
      state = State.OPEN;
      openedAt = nanoTime.getAsLong();
      statistics.state(state);
      statistics.breakerOpened();
      LOG.warning(
          "Tracery: circuit breaker open: "
              + consecutiveFailures
              + " exports in a row failed to reach "
              + target
              + " (last: "
              + reason
              + "). Exports are refused for "
              + (openNanos / 1_000_000_000L)
              + " s at a time, then retried with one probe; spans meanwhile go to the disk buffer if"
              + " tracery.exporter.buffer.directory is set, else they are dropped and counted.");
    }
  }
}
