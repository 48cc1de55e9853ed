package dev.tracery.it.app;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.logging.Logger;

/**
 * Logs a line with a marker through java.util.logging, and through SLF4J and JBoss Logging where
 * the server gives the application those APIs (WildFly), and answers with the thread, the current
 * trace id and what each MDC API holds as {@code trace_id}, separated by {@code |}. The optional
 * APIs are reached by name, as an application without them must still deploy on Payara.
 */
final class LogLines {

  private static final Logger LOG = Logger.getLogger(LogLines.class.getName());

  private LogLines() {}

  static String log(String marker) {
    LOG.info("jul-line " + marker);
    call("org.slf4j.LoggerFactory", "org.slf4j.Logger", "slf4j-line " + marker);
    call("org.jboss.logging.Logger", "org.jboss.logging.Logger", "jboss-line " + marker);
    SpanContext current = Span.current().getSpanContext();
    return Thread.currentThread().getName()
        + "|"
        + (current.isValid() ? current.getTraceId() : "-")
        + "|jboss="
        + mdc("org.jboss.logging.MDC")
        + "|slf4j="
        + mdc("org.slf4j.MDC")
        + "|log4j="
        + mdc("org.apache.logging.log4j.ThreadContext");
  }

  private static void call(String factory, String loggerType, String message) {
    try {
      ClassLoader loader = LogLines.class.getClassLoader();
      Class<?> factoryClass = Class.forName(factory, true, loader);
      Object logger =
          factoryClass.getMethod("getLogger", String.class).invoke(null, LogLines.class.getName());
      Class.forName(loggerType, true, loader)
          .getMethod("info", infoType(loggerType))
          .invoke(logger, message);
    } catch (ReflectiveOperationException | LinkageError e) {
      // Not on this server.
    }
  }

  private static Class<?> infoType(String loggerType) {
    return loggerType.startsWith("org.slf4j") ? String.class : Object.class;
  }

  private static String mdc(String type) {
    try {
      Object value =
          Class.forName(type, true, LogLines.class.getClassLoader())
              .getMethod("get", String.class)
              .invoke(null, "trace_id");
      return String.valueOf(value);
    } catch (ReflectiveOperationException | LinkageError e) {
      return "absent";
    }
  }
}
