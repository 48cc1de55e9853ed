package dev.tracery.extension.export;

import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The log lines of one application's disk buffer, each kind at most once a minute: an outage can
 * make every batch fail to be written, and a log line per batch would be a flood. What is not
 * logged is still counted in the exporter's MXBean. Paths are logged, never a request or its
 * headers. Thread-safe.
 */
final class BufferProblems {

  private static final Logger LOG = Logger.getLogger(BufferProblems.class.getName());
  private static final long INTERVAL_NANOS = ExportSettings.DROP_SUMMARY_INTERVAL.toNanos();

  private final LongSupplier nanoTime;
  private final Throttle writes = new Throttle();
  private final Throttle setAside = new Throttle();
  private boolean inUse;

  BufferProblems(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** The directory cannot be created, written or read: batches are dropped until it can. */
  synchronized void cannotWrite(Path directory, String cause) {
    int since = writes.due(nanoTime.getAsLong());
    if (since >= 0) {
      LOG.warning(
          "Tracery: the span disk buffer "
              + directory
              + " cannot be used ("
              + cause
              + "); spans that cannot"
              + " be exported are dropped and counted (SpansDropped)"
              + (since > 0 ? "; " + since + " more such failure(s) since the last line" : "")
              + ". At most one such line a minute.");
    }
  }

  /** A file that is not a complete batch was renamed to {@code *.corrupt}. */
  synchronized void setAside(Path directory, String file, int spans) {
    int since = setAside.due(nanoTime.getAsLong());
    if (since >= 0) {
      LOG.warning(
          "Tracery: "
              + file
              + " in the span disk buffer "
              + directory
              + " is not a complete batch (truncated"
              + " or altered); it is renamed to "
              + file
              + DiskBuffer.CORRUPT_SUFFIX
              + ", never sent, and its "
              + spans
              + " span(s) counted as dropped"
              + (since > 0 ? "; " + since + " more file(s) set aside since the last line" : "")
              + ". At most one such line a minute.");
    }
  }

  /** Another instance holds the directory; logged once until it is free again. */
  synchronized void inUse(Path base, BufferOwner owner) {
    if (!inUse) {
      inUse = true;
      LOG.warning(
          "Tracery: the span disk buffer of "
              + owner
              + " in "
              + base
              + " is held by another instance of the"
              + " application (an earlier copy still stopping, or another server on the same directory). Until it is"
              + " released, spans that cannot be exported are dropped and counted; Tracery takes the directory over,"
              + " with its batches, as soon as it is free.");
    }
  }

  /** The directory was free at last after {@link #inUse}. */
  synchronized void acquired(Path directory) {
    if (inUse) {
      inUse = false;
      LOG.info(
          "Tracery: the span disk buffer "
              + directory
              + " is free again and in use by this instance.");
    }
  }

  /** At most one line per interval; counts what it suppressed. */
  private static final class Throttle {
    private boolean logged;
    private long lastNanos;
    private int suppressed;

    /**
     * -1 when the line is not due; else how many occurrences were suppressed since the last one.
     */
    int due(long now) {
      if (logged && now - lastNanos < INTERVAL_NANOS) {
        suppressed++;
        return -1;
      }
      logged = true;
      lastNanos = now;
      int since = suppressed;
      suppressed = 0;
      return since;
    }
  }
}
