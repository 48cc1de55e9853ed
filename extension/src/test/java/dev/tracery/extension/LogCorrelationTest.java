package dev.tracery.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tracery.Traced;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.ThreadContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The current span's ids in the MDCs of JBoss Logging, SLF4J and Log4j 2 (all three on this test's
 * class path; SLF4J bound to slf4j-jdk14, whose MDC is a real one). Runs in a JVM of its own (see
 * the pom): OpenTelemetry's context storage can only be wrapped before its first use.
 */
class LogCorrelationTest {

  // trace_flags: the SDK sets W3C's random-trace-id flag (02) on the trace ids it makes, so a
  // sampled
  // span shows 03 and an unsampled one 02.

  /** What each API's MDC holds for each key, as "api:key" → value. */
  static Map<String, String> mdc() {
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : List.of("trace_id", "span_id", "trace_flags")) {
      Object jboss = org.jboss.logging.MDC.get(key);
      values.put("jboss:" + key, jboss == null ? null : jboss.toString());
      values.put("slf4j:" + key, org.slf4j.MDC.get(key));
      values.put("log4j:" + key, ThreadContext.get(key));
    }
    return values;
  }

  static Map<String, String> expected(String traceId, String spanId, String flags) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String api : List.of("jboss", "slf4j", "log4j")) {
      values.put(api + ":trace_id", traceId);
      values.put(api + ":span_id", spanId);
      values.put(api + ":trace_flags", flags);
    }
    return values;
  }

  static Map<String, String> none() {
    return expected(null, null, null);
  }

  @ApplicationScoped
  public static class Inner {
    final List<Map<String, String>> seen = new ArrayList<>();

    @Traced
    public void work() {
      seen.add(mdc());
    }

    public List<Map<String, String>> seen() {
      return seen;
    }
  }

  @ApplicationScoped
  public static class Outer {
    @Inject Inner inner;
    final List<Map<String, String>> seen = new ArrayList<>();

    @Traced
    public void work() {
      seen.add(mdc());
      inner.work();
      seen.add(mdc());
    }

    @Traced
    public void fail() {
      seen.add(mdc());
      throw new IllegalStateException("expected");
    }

    public List<Map<String, String>> seen() {
      return seen;
    }

    public List<Map<String, String>> innerSeen() {
      return inner.seen();
    }
  }

  /**
   * A traced application starts before any test can use the context: from then on, this JVM's
   * context storage is wrapped, whichever test runs first.
   */
  @BeforeAll
  static void wrapTheContextStorage() {
    TestApp.enabled().close();
  }

  @AfterEach
  void nothingLeftOnThisThread() {
    assertThat(mdc()).isEqualTo(none());
  }

  private static SpanData span(TestApp app, String nameSuffix) {
    return app.spans().stream()
        .filter(s -> s.getName().endsWith(nameSuffix))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void writesTheIdsOfTheCurrentSpanAndRemovesThemWhenItsScopeCloses() {
    try (TestApp app = TestApp.enabled(Outer.class, Inner.class)) {
      Inner inner = app.bean(Inner.class);
      inner.work();

      SpanData span = span(app, "Inner.work");
      assertThat(inner.seen()).containsExactly(expected(span.getTraceId(), span.getSpanId(), "03"));
      assertThat(mdc()).isEqualTo(none());
    }
  }

  @Test
  void aNestedSpanRestoresTheOuterSpansIdsWhenItEnds() {
    try (TestApp app = TestApp.enabled(Outer.class, Inner.class)) {
      Outer outer = app.bean(Outer.class);
      outer.work();

      SpanData outerSpan = span(app, "Outer.work");
      SpanData innerSpan = span(app, "Inner.work");
      Map<String, String> outerIds = expected(outerSpan.getTraceId(), outerSpan.getSpanId(), "03");
      assertThat(outer.seen()).containsExactly(outerIds, outerIds);
      assertThat(outer.innerSeen())
          .containsExactly(expected(outerSpan.getTraceId(), innerSpan.getSpanId(), "03"));
      assertThat(mdc()).isEqualTo(none());
    }
  }

  @Test
  void removesTheIdsWhenTheMethodThrows() {
    try (TestApp app = TestApp.enabled(Outer.class, Inner.class)) {
      Outer outer = app.bean(Outer.class);
      assertThat(catchThrowable(outer::fail)).isInstanceOf(IllegalStateException.class);

      SpanData span = span(app, "Outer.fail");
      assertThat(outer.seen()).containsExactly(expected(span.getTraceId(), span.getSpanId(), "03"));
      assertThat(mdc()).isEqualTo(none());
    }
  }

  @Test
  void writesTheIdsOfAnUnsampledSpanWithoutTheSampledFlag() {
    try (TestApp app =
        TestApp.builder()
            .config("tracery.enabled", "true")
            .config("otel.traces.sampler", "always_off")
            .beans(Outer.class, Inner.class)
            .start()) {
      Inner inner = app.bean(Inner.class);
      inner.work();

      assertThat(app.spans()).isEmpty();
      Map<String, String> seen = inner.seen().get(0);
      assertThat(seen.get("jboss:trace_id"))
          .hasSize(32)
          .isNotEqualTo("00000000000000000000000000000000");
      assertThat(seen.get("jboss:span_id")).hasSize(16);
      assertThat(seen)
          .isEqualTo(expected(seen.get("jboss:trace_id"), seen.get("jboss:span_id"), "02"));
    }
  }

  @Test
  void writesNothingWhileTracingIsOff() {
    try (TestApp app = TestApp.builder().beans(Outer.class, Inner.class).start()) {
      Inner inner = app.bean(Inner.class);
      inner.work();

      assertThat(inner.seen()).containsExactly(none());
    }
  }

  @Test
  void writesNothingWhenSwitchedOffWithTraceryLogsMdcFalse() {
    try (TestApp app =
        TestApp.builder()
            .config("tracery.enabled", "true")
            .config("tracery.logs.mdc", "false")
            .beans(Outer.class, Inner.class)
            .start()) {
      Inner inner = app.bean(Inner.class);
      inner.work();

      assertThat(app.spans()).hasSize(1);
      assertThat(inner.seen()).containsExactly(none());
    }
  }

  @Test
  void anInvalidValueFailsTheDeployment() {
    Throwable failure =
        catchThrowable(
            () ->
                TestApp.builder()
                    .config("tracery.enabled", "true")
                    .config("tracery.logs.mdc", "yes")
                    .start()
                    .close());
    assertThat(failure)
        .hasStackTraceContaining(
            "Invalid value 'yes' for 'tracery.logs.mdc': expected true or false");
  }

  @Test
  void aContextCarriedToAnotherThreadWritesItsIdsThereAndRemovesThemAfter() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (TestApp app = TestApp.enabled(Outer.class, Inner.class)) {
      List<Map<String, String>> seen = new ArrayList<>();
      Span span =
          app.bean(io.opentelemetry.api.trace.Tracer.class).spanBuilder("parent").startSpan();
      try (var scope = span.makeCurrent()) {
        pool.submit(Context.current().wrap(() -> seen.add(mdc()))).get(10, TimeUnit.SECONDS);
      } finally {
        span.end();
      }
      pool.submit(() -> seen.add(mdc())).get(10, TimeUnit.SECONDS);

      String traceId = span.getSpanContext().getTraceId();
      assertThat(seen)
          .containsExactly(expected(traceId, span.getSpanContext().getSpanId(), "03"), none());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theServerHandlersEntryPointAnswersOnlyWhileTheApplicationIsTraced() {
    Span span;
    try (TestApp app = TestApp.enabled(Outer.class, Inner.class)) {
      span = app.bean(io.opentelemetry.api.trace.Tracer.class).spanBuilder("ids").startSpan();
      assertThat(dev.tracery.extension.logs.CurrentTraceIds.current())
          .as("no current span")
          .isNull();
      try (var scope = span.makeCurrent()) {
        assertThat(dev.tracery.extension.logs.CurrentTraceIds.current())
            .containsExactly(
                span.getSpanContext().getTraceId(), span.getSpanContext().getSpanId(), "03");
      }
      span.end();
    }
    try (var scope = span.makeCurrent()) {
      assertThat(dev.tracery.extension.logs.CurrentTraceIds.current())
          .as("application stopped")
          .isNull();
    }
    try (TestApp app = TestApp.builder().beans(Outer.class, Inner.class).start();
        var scope = span.makeCurrent()) {
      assertThat(dev.tracery.extension.logs.CurrentTraceIds.current()).as("tracing off").isNull();
    }
  }

  @Test
  void afterTheApplicationStopsNothingIsWritten() {
    Span span;
    try (TestApp app = TestApp.enabled(Outer.class, Inner.class)) {
      span = app.bean(io.opentelemetry.api.trace.Tracer.class).spanBuilder("kept").startSpan();
    }
    try (var scope = span.makeCurrent()) {
      assertThat(mdc()).isEqualTo(none());
    }
  }
}
