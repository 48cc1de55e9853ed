package dev.tracery.jaxrs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.jaxrs.HttpTracingConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Warnings about hostile headers: at most one line a minute per kind, with a count; time is a fake
 * clock.
 */
class HeaderWarningsTest {

  private final AtomicLong now = new AtomicLong(-5_000_000_000L);
  private final HeaderWarnings warnings = new HeaderWarnings(now::get);
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Logger logger = Logger.getLogger(HeaderWarnings.class.getName());
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel().intValue() >= Level.INFO.intValue()) {
            records.add(record);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void capture() {
    logger.addHandler(handler);
  }

  @AfterEach
  void release() {
    logger.removeHandler(handler);
  }

  private List<String> lines() {
    return records.stream().map(LogRecord::getMessage).collect(Collectors.toList());
  }

  private void advance(long seconds) {
    now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
  }

  @Test
  void firstOversizedHeaderOfAKindIsReportedAtOnce() {
    warnings.oversized(HeaderWarnings.Kind.TRACEPARENT, 60_000, 512);

    assertThat(lines())
        .containsExactly(
            "Tracery: ignored 1 oversized 'traceparent' request header: the last had 60000 characters, at most 512 are allowed;"
                + " such requests start a new trace. At most one such line a minute.");
  }

  @Test
  void aFloodGivesOneLineAMinuteWithTheCountSinceTheLastLine() {
    warnings.oversized(HeaderWarnings.Kind.OTHER, 2000, 1024);
    for (int i = 0; i < 5000; i++) {
      warnings.oversized(HeaderWarnings.Kind.OTHER, 2000 + i % 7, 1024);
    }
    advance(59);
    for (int i = 0; i < 4999; i++) {
      warnings.oversized(HeaderWarnings.Kind.OTHER, 2000, 1024);
    }
    assertThat(lines()).hasSize(1);

    advance(1);
    warnings.oversized(HeaderWarnings.Kind.OTHER, 3000, 1024);
    assertThat(lines()).hasSize(2);
    assertThat(lines().get(1))
        .isEqualTo(
            "Tracery: ignored 10000 oversized propagation request headers (b3, uber-trace-id, uberctx-*, ot-tracer-*, ot-baggage-*, ...)"
                + " in the last 60 s: the last had 3000 characters, at most 1024 are allowed; they are treated as absent."
                + " At most one such line a minute.");

    advance(59);
    warnings.oversized(HeaderWarnings.Kind.OTHER, 2000, 1024);
    assertThat(lines()).hasSize(2);
    advance(1);
    warnings.oversized(HeaderWarnings.Kind.OTHER, 2000, 1024);
    assertThat(lines()).hasSize(3);
    assertThat(lines().get(2))
        .startsWith("Tracery: ignored 2 oversized propagation request headers (b3, ")
        .contains(" in the last 60 s: ");
  }

  @Test
  void eachKindHasItsOwnLine() {
    for (int i = 0; i < 3; i++) {
      warnings.oversized(HeaderWarnings.Kind.TRACEPARENT, 600, 512);
      warnings.oversized(HeaderWarnings.Kind.TRACESTATE, 9000, 8224);
      warnings.oversized(HeaderWarnings.Kind.BAGGAGE, 9000, 8192);
      warnings.oversized(HeaderWarnings.Kind.OTHER, 2000, 1024);
      warnings.unreadable(new IllegalArgumentException("k=secret-looking-value"));
    }
    assertThat(lines()).hasSize(5).doesNotHaveDuplicates();
    assertThat(lines())
        .filteredOn(line -> line.contains("no propagator could read"))
        .singleElement()
        .asString()
        .isEqualTo(
            "Tracery: ignored 1 trace context no propagator could read: the last failed with java.lang.IllegalArgumentException;"
                + " such requests start a new trace. At most one such line a minute.");
    assertThat(records).allSatisfy(record -> assertThat(record.getThrown()).isNull());
    assertThat(lines()).noneMatch(line -> line.contains("secret-looking-value"));
  }

  @Test
  void concurrentFloodStillGivesOneLineAndCountsEveryHeader() throws Exception {
    Thread[] threads = new Thread[8];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 1000; i++) {
                  warnings.oversized(HeaderWarnings.Kind.BAGGAGE, 9000, 8192);
                }
              });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(lines()).hasSize(1);

    advance(60);
    warnings.oversized(HeaderWarnings.Kind.BAGGAGE, 9000, 8192);
    assertThat(lines()).hasSize(2);
    long first = Long.parseLong(lines().get(0).split(" ")[2]);
    long second = Long.parseLong(lines().get(1).split(" ")[2]);
    assertThat(first + second).as("every header counted once").isEqualTo(8001);
  }

  @Test
  void theStateIsAFixedSetOfCountersWhateverTheHeaderNames() throws Exception {
    // Nothing in a HeaderWarnings is a map or a set that could grow with the header names a client
    // invents.
    for (Field field : HeaderWarnings.class.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers())) {
        assertThat(field.getType())
            .as(field.getName())
            .isIn(AtomicLongArray.class, java.util.function.LongSupplier.class);
      }
    }
    for (Field field : ServerCallGetter.class.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers())) {
        assertThat(field.getType())
            .as(field.getName())
            .isIn(HttpTracingConfig.class, HeaderWarnings.class);
      }
    }
  }
}
