package dev.tracery.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.extension.logs.CurrentTraceIds;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handler, listed before a formatting handler, makes that handler print the ids of the span
 * current in the thread's application (here the test's class loader, which has Tracery and the
 * OpenTelemetry API, as a WAR does).
 */
class TraceContextHandlerTest {

  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String SPAN_ID = "00f067aa0ba902b7";

  /** Formats each record as it is published, like a handler that formats on the logging thread. */
  static final class Printed extends Handler {
    final List<String> lines = new ArrayList<>();
    final Formatter formatter = new SimpleFormatter();

    @Override
    public void publish(LogRecord record) {
      lines.add(formatter.formatMessage(record));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  public static final class Messages extends ListResourceBundle {
    @Override
    protected Object[][] getContents() {
      return new Object[][] {{"APP-00001", "Started {0}"}};
    }
  }

  private final Logger logger = Logger.getLogger("tracery.test." + System.nanoTime());
  private final Printed printed = new Printed();

  @BeforeEach
  void setUp() {
    CurrentTraceIds.activate();
    logger.setUseParentHandlers(false);
    logger.addHandler(new TraceContextHandler());
    logger.addHandler(printed);
  }

  @AfterEach
  void tearDown() {
    CurrentTraceIds.deactivate();
    for (Handler handler : logger.getHandlers()) {
      logger.removeHandler(handler);
    }
  }

  private static Span span(TraceFlags flags) {
    return Span.wrap(SpanContext.create(TRACE_ID, SPAN_ID, flags, TraceState.getDefault()));
  }

  @Test
  void appendsTheIdsOfTheCurrentSpan() {
    try (Scope scope = span(TraceFlags.getSampled()).makeCurrent()) {
      logger.info("order 42 shipped");
    }
    assertThat(printed.lines)
        .containsExactly(
            "order 42 shipped trace_id=" + TRACE_ID + " span_id=" + SPAN_ID + " trace_flags=01");
  }

  @Test
  void keepsParametersWorking() {
    try (Scope scope = span(TraceFlags.getDefault()).makeCurrent()) {
      logger.log(Level.INFO, "order {0} shipped", 42);
    }
    assertThat(printed.lines)
        .containsExactly(
            "order 42 shipped trace_id=" + TRACE_ID + " span_id=" + SPAN_ID + " trace_flags=00");
  }

  @Test
  void leavesRecordsWithoutACurrentSpanAlone() {
    logger.info("outside any span");
    try (Scope scope = span(TraceFlags.getSampled()).makeCurrent()) {
      logger.info("inside");
    }
    logger.info("after the span");
    assertThat(printed.lines.get(0)).isEqualTo("outside any span");
    assertThat(printed.lines.get(1)).contains("trace_id=" + TRACE_ID);
    assertThat(printed.lines.get(2)).isEqualTo("after the span");
  }

  @Test
  void readsNothingOnAThreadOfNoApplicationWithAnOpenTelemetryApi() {
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (Scope scope = span(TraceFlags.getSampled()).makeCurrent()) {
      // A loader that cannot see the OpenTelemetry API, as on a server thread.
      Thread.currentThread().setContextClassLoader(ClassLoader.getPlatformClassLoader());
      logger.info("server thread");
      Thread.currentThread().setContextClassLoader(null);
      logger.info("no loader");
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
    assertThat(printed.lines).containsExactly("server thread", "no loader");
  }

  @Test
  void readsNothingWhileTraceryDoesNotTraceTheApplication() {
    CurrentTraceIds.deactivate();
    try (Scope scope = span(TraceFlags.getSampled()).makeCurrent()) {
      logger.info("deploying");
    }
    assertThat(printed.lines).containsExactly("deploying");
  }

  @Test
  void leavesAMessageWithAnIdFromItsResourceBundleAlone() {
    LogRecord record = new LogRecord(Level.INFO, "APP-00001");
    record.setResourceBundle(new Messages());
    record.setParameters(new Object[] {"orders"});
    try (Scope scope = span(TraceFlags.getSampled()).makeCurrent()) {
      logger.log(record);
    }
    assertThat(record.getMessage()).isEqualTo("APP-00001");
    assertThat(printed.lines).containsExactly("Started orders");
  }

  @Test
  void theFilterStampsAndLetsEveryRecordThrough() {
    LogRecord record = new LogRecord(Level.INFO, "via filter");
    boolean loggable;
    try (Scope scope = span(TraceFlags.getSampled()).makeCurrent()) {
      loggable = new TraceContextFilter().isLoggable(record);
    }
    assertThat(loggable).isTrue();
    assertThat(record.getMessage())
        .isEqualTo("via filter trace_id=" + TRACE_ID + " span_id=" + SPAN_ID + " trace_flags=01");
  }

  @Test
  void stampsARecordOnlyOnce() {
    LogRecord record = new LogRecord(Level.INFO, "twice");
    try (Scope scope = span(TraceFlags.getSampled()).makeCurrent()) {
      new TraceContextFilter().isLoggable(record);
      new TraceContextHandler().publish(record);
    }
    assertThat(record.getMessage())
        .isEqualTo("twice trace_id=" + TRACE_ID + " span_id=" + SPAN_ID + " trace_flags=01");
  }
}
