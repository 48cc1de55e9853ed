package dev.tracery.extension.logs;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * The ids of the span current on this thread, for a logging component of the server that shares no
 * class with the application: {@code tracery-server-logging}'s handler finds this class by name
 * through the thread's context class loader and calls {@link #current()}, which returns JDK types
 * only. Not for application use.
 *
 * <p>It answers only while Tracery traces the application ({@link #activate()} to {@link
 * #deactivate()}), so that a server logging during the application's deployment never makes the
 * application's OpenTelemetry context storage initialize itself before Tracery could wrap it
 * (Payara's Weld logs its version during deployment, on a thread whose context class loader is the
 * application's). The flag is per copy of Tracery, so per application when Tracery is in the WAR.
 */
public final class CurrentTraceIds {

  private static volatile boolean active;

  private CurrentTraceIds() {}

  /**
   * {@code {trace_id, span_id, trace_flags}} of the current span, or null when none or while
   * inactive.
   */
  public static String[] current() {
    if (!active) {
      return null;
    }
    try {
      SpanContext spanContext = Span.current().getSpanContext();
      if (!spanContext.isValid()) {
        return null;
      }
      return new String[] {
        spanContext.getTraceId(), spanContext.getSpanId(), spanContext.getTraceFlags().asHex()
      };
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  /** Called by Tracery once the application's context storage is set up. */
  public static void activate() {
    active = true;
  }

  /** Called by Tracery when the application stops. */
  public static void deactivate() {
    active = false;
  }
}
