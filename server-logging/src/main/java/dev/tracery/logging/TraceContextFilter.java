package dev.tracery.logging;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * The same as {@link TraceContextHandler}, as a java.util.logging filter for handlers that consult
 * their filter on the logging thread (the JDK's {@code ConsoleHandler}, {@code FileHandler}, {@code
 * StreamHandler}): {@code
 * java.util.logging.ConsoleHandler.filter=dev.tracery.logging.TraceContextFilter}. Lets every
 * record through. Payara's file handler does not consult a filter: use the handler there.
 * Thread-safe.
 */
public class TraceContextFilter implements Filter {

  private final TraceContextStamp stamp = new TraceContextStamp();

  @Override
  public boolean isLoggable(LogRecord record) {
    stamp.stamp(record);
    return true;
  }
}
