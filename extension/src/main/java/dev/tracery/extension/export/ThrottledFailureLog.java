package dev.tracery.extension.export;

import java.util.function.LongSupplier;

/**
 * Decides when a failure that may repeat on every export is worth a log line: the first at once,
 * then at most one line a minute, saying how many failures (and spans) there were since the last
 * line. Thread-safe.
 */
final class ThrottledFailureLog {

  static final long INTERVAL_NANOS = ExportSettings.DROP_SUMMARY_INTERVAL.toNanos();

  private final LongSupplier nanoTime;
  private boolean logged;
  private long lastLineAt;
  private long failures;
  private long spans;

  ThrottledFailureLog(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Records one failure; returns the text of a line to log now, or null while throttled. */
  synchronized String record(int failedSpans, Throwable e) {
    failures++;
    spans += Math.max(0, failedSpans);
    long now = nanoTime.getAsLong();
    if (logged && now - lastLineAt < INTERVAL_NANOS) {
      return null;
    }
    String line =
        (logged
                ? failures
                    + " failure(s), "
                    + spans
                    + " span(s) counted as failed, in the last "
                    + ((now - lastLineAt) / 1_000_000_000L)
                    + " s"
                : "1 failure, " + spans + " span(s) counted as failed")
            + " (last: "
            + e.getClass().getName()
            + "). At most one such line a minute.";
    logged = true;
    lastLineAt = now;
    failures = 0;
    spans = 0;
    return line;
  }
}
