package dev.tracery.extension.logs;

import io.opentelemetry.context.ContextStorage;
import java.util.List;

/**
 * Log correlation for one application: puts the current span's {@code trace_id}, {@code span_id}
 * and {@code trace_flags} into the MDCs of the logging APIs the application can see, by wrapping
 * OpenTelemetry's context storage ({@link MdcContextStorage}).
 *
 * <p>OpenTelemetry's context storage is global to the class loader that holds the OpenTelemetry
 * API, which Tracery's WAR bundles, so the wrapper belongs to the application. It can only be added
 * before that storage is first used; {@link #start} reports when it was too late (an OpenTelemetry
 * API shared with code that ran before the application, such as a server module). Not for public
 * use.
 */
public final class LogCorrelation {

  private final MdcContextStorage storage;
  private final List<String> description;

  private LogCorrelation(MdcContextStorage storage, List<String> description) {
    this.storage = storage;
    this.description = description;
  }

  /**
   * Starts writing the ids into every MDC found. Returns null when no logging API with an MDC is
   * visible to the application (then nothing is installed); throws {@link IllegalStateException}
   * with the reason when the context storage was already in use and cannot be wrapped any more.
   */
  public static LogCorrelation start() {
    MdcTargets.Found found = MdcTargets.find();
    if (found.targets.length == 0) {
      return null;
    }
    // Ignored by OpenTelemetry when the storage is already in use (or wrapped by an earlier start
    // in the
    // same class loader, which the check below then finds).
    ContextStorage.addWrapper(MdcContextStorage::new);
    ContextStorage storage = ContextStorage.get();
    if (!(storage instanceof MdcContextStorage)) {
      throw new IllegalStateException(
          "OpenTelemetry's context storage ("
              + storage.getClass().getName()
              + ") was in use before Tracery started, so Tracery cannot add trace ids to the MDC. The"
              + " OpenTelemetry API is probably shared with the server or another application: bundle it in"
              + " the WAR as the README says, or set tracery.logs.mdc=false to silence this.");
    }
    MdcContextStorage mdc = (MdcContextStorage) storage;
    mdc.targets(found.targets);
    return new LogCorrelation(mdc, found.description);
  }

  /** The MDCs written to, for the deployment log. */
  public List<String> description() {
    return description;
  }

  /** Stops writing; what is current on other threads is left to close as usual. */
  public void stop() {
    storage.targets(new MdcTarget[0]);
  }
}
