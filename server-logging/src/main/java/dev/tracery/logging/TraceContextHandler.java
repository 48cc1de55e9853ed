package dev.tracery.logging;

import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * A java.util.logging handler that writes nothing: it adds {@code trace_id=… span_id=…
 * trace_flags=…} to the message of each record logged while a span is current in the logging
 * thread's application, so that the handlers after it print them whatever their formatter. List it
 * first among the root logger's handlers. On Payara 6 ({@code
 * glassfish/domains/domain1/config/logging.properties}):
 *
 * <pre>
 * handlers=dev.tracery.logging.TraceContextHandler,java.util.logging.ConsoleHandler
 * </pre>
 *
 * <p>Payara adds its file handler ({@code handlerServices}) after these, so it sees stamped
 * records. This jar must be on the server's system class path (java.util.logging loads handlers
 * from there); it asks the Tracery bundled in the thread's application (found by name through the
 * thread's context class loader) and shares no class with any WAR. Records with no current span, or
 * logged on threads of no application, are not changed. Thread-safe.
 */
public class TraceContextHandler extends Handler {

  private final TraceContextStamp stamp = new TraceContextStamp();

  @Override
  public void publish(LogRecord record) {
    stamp.stamp(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
