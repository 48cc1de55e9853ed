package dev.tracery.logging;

import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.logging.LogRecord;

/**
 * Appends {@code " trace_id=… span_id=… trace_flags=…"} to the message of a record logged while a
 * span is current in the logging thread's application. Runs on the logging thread, before any
 * handler that formats on another thread (Payara's file handler queues records and formats them on
 * its own thread, where the application's context is gone), and so works with every formatter. A
 * record whose message is a key of its resource bundle (a server message with a message id) is left
 * as it is, so that formatters still find its id; so is a record already stamped.
 */
final class TraceContextStamp {

  static final String TRACE_ID = " trace_id=";
  static final String SPAN_ID = " span_id=";
  static final String TRACE_FLAGS = " trace_flags=";

  /**
   * Set while this thread stamps, so that whatever the application's API logs is not stamped again.
   */
  private static final ThreadLocal<Boolean> BUSY = new ThreadLocal<>();

  private final CurrentSpanIds ids = new CurrentSpanIds();

  void stamp(LogRecord record) {
    if (record == null || BUSY.get() != null) {
      return;
    }
    BUSY.set(Boolean.TRUE);
    try {
      String message = record.getMessage();
      if (message != null && (message.contains(TRACE_ID) || isBundleKey(record, message))) {
        return;
      }
      String[] current = ids.current();
      if (current == null) {
        return;
      }
      record.setMessage(
          (message == null ? "" : message)
              + TRACE_ID
              + current[0]
              + SPAN_ID
              + current[1]
              + TRACE_FLAGS
              + current[2]);
    } catch (RuntimeException e) {
      // Logging goes on without ids.
    } finally {
      BUSY.remove();
    }
  }

  private static boolean isBundleKey(LogRecord record, String message) {
    ResourceBundle bundle = record.getResourceBundle();
    if (bundle == null) {
      return false;
    }
    try {
      bundle.getString(message);
      return true;
    } catch (MissingResourceException | ClassCastException e) {
      return false;
    }
  }
}
