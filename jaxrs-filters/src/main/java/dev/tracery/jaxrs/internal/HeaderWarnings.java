package dev.tracery.jaxrs.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The warnings about request headers Tracery ignores (oversized, or that no propagator could read):
 * at most one line a minute per kind of problem, with how many requests it concerned since the last
 * line. A client that sends a flood of them, under whatever header names it invents ({@code
 * uberctx-*} and {@code ot-baggage-*} are read by prefix), gets no more lines than one that sends
 * one, and the state is a fixed handful of counters: nothing is kept per header name. Header names
 * and values never appear in a line; they are the client's text.
 */
final class HeaderWarnings {

  private static final Logger LOG = Logger.getLogger(HeaderWarnings.class.getName());

  static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  /** The kinds of problem, each with its own line and counter. */
  enum Kind {
    TRACEPARENT(
        "oversized 'traceparent' request header",
        "oversized 'traceparent' request headers",
        "; such requests start a new trace"),
    TRACESTATE(
        "oversized 'tracestate' request header",
        "oversized 'tracestate' request headers",
        "; the trace continues without it"),
    BAGGAGE(
        "oversized 'baggage' request header",
        "oversized 'baggage' request headers",
        "; the request has no baggage from it"),
    OTHER(
        "oversized propagation request header (b3, uber-trace-id, uberctx-*, ot-tracer-*, ot-baggage-*, ...)",
        "oversized propagation request headers (b3, uber-trace-id, uberctx-*, ot-tracer-*, ot-baggage-*, ...)",
        "; they are treated as absent"),
    UNREADABLE(
        "trace context no propagator could read",
        "trace contexts no propagator could read",
        "; such requests start a new trace");

    final String one;
    final String many;
    final String consequence;

    Kind(String one, String many, String consequence) {
      this.one = one;
      this.many = many;
      this.consequence = consequence;
    }

    String what(long count) {
      return count == 1 ? one : many;
    }
  }

  private static final Kind[] KINDS = Kind.values();

  private final LongSupplier nanoTime;

  /** Per kind: occurrences not yet reported in a line. */
  private final AtomicLongArray pending = new AtomicLongArray(KINDS.length);

  /** Per kind: the time of the last line (a minute before construction until the first). */
  private final AtomicLongArray lastLine = new AtomicLongArray(KINDS.length);

  /** Per kind: 1 once a line was written. */
  private final AtomicLongArray logged = new AtomicLongArray(KINDS.length);

  HeaderWarnings(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    long start = nanoTime.getAsLong();
    for (int i = 0; i < KINDS.length; i++) {
      // The first occurrence of each kind is reported at once.
      lastLine.set(i, start - INTERVAL_NANOS);
    }
  }

  /**
   * A header of {@code length} characters ignored because its kind allows at most {@code limit}.
   */
  void oversized(Kind kind, int length, int limit) {
    String line = count(kind);
    if (line != null) {
      LOG.warning(
          line
              + ": the last had "
              + length
              + " characters, at most "
              + limit
              + " are allowed"
              + kind.consequence
              + ". At most one such line a minute.");
    } else if (LOG.isLoggable(Level.FINE)) {
      LOG.fine("Tracery: ignored an " + kind.one + " of " + length + " characters");
    }
  }

  /** A request whose trace context could not be read: a propagator threw {@code failure}. */
  void unreadable(Throwable failure) {
    String line = count(Kind.UNREADABLE);
    if (line != null) {
      // The failure's class, not its message: a propagator's message may quote the header.
      LOG.log(
          Level.WARNING,
          line
              + ": the last failed with "
              + failure.getClass().getName()
              + Kind.UNREADABLE.consequence
              + ". At most one such line a minute.");
      if (LOG.isLoggable(Level.FINE)) {
        LOG.log(Level.FINE, "Tracery: reading a trace context failed", failure);
      }
    } else if (LOG.isLoggable(Level.FINE)) {
      LOG.log(Level.FINE, "Tracery: reading a trace context failed", failure);
    }
  }

  /**
   * Counts one occurrence; returns the start of the line to write when one is due (the first ever,
   * or the first a minute or more after the last line), else null. Exactly one caller wins a due
   * line.
   */
  private String count(Kind kind) {
    int i = kind.ordinal();
    pending.incrementAndGet(i);
    long now = nanoTime.getAsLong();
    long last = lastLine.get(i);
    if (now - last < INTERVAL_NANOS || !lastLine.compareAndSet(i, last, now)) {
      return null;
    }
    long count = pending.getAndSet(i, 0);
    if (logged.getAndSet(i, 1) == 0) {
      return "Tracery: ignored " + count + " " + kind.what(count);
    }
    return "Tracery: ignored "
        + count
        + " "
        + kind.what(count)
        + " in the last "
        + TimeUnit.NANOSECONDS.toSeconds(now - last)
        + " s";
  }
}
