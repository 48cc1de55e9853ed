package dev.tracery.extension;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.Traced;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The injectable OpenTelemetry, Tracer, Span and Baggage. */
class InjectedBeansTest {

  /**
   * Injects once (application scoped, reached through its client proxy) and is then called in many
   * contexts.
   */
  @ApplicationScoped
  public static class Annotator {
    @Inject Span span;
    @Inject Baggage baggage;
    @Inject Tracer tracer;
    @Inject OpenTelemetry openTelemetry;

    public Span span() {
      return span;
    }

    public Baggage baggage() {
      return baggage;
    }

    public Tracer tracer() {
      return tracer;
    }

    public OpenTelemetry openTelemetry() {
      return openTelemetry;
    }

    public void tag(String value) {
      span.setAttribute("tag", value);
    }

    public String customer() {
      return baggage.getEntryValue("customer");
    }

    @Traced
    public String tracedTagAndCustomer(String value) {
      tag(value);
      return customer();
    }
  }

  @Test
  void injectedSpanActsOnTheSpanCurrentAtEachCallIncludingNestedScopes() {
    try (TestApp app = TestApp.enabled(Annotator.class)) {
      Annotator annotator = app.bean(Annotator.class);
      Tracer tracer = annotator.tracer();

      Span outer = tracer.spanBuilder("outer").startSpan();
      try (Scope ignored = outer.makeCurrent()) {
        annotator.tag("outer");
        Span inner = tracer.spanBuilder("inner").startSpan();
        try (Scope alsoIgnored = inner.makeCurrent()) {
          annotator.tag("inner");
          annotator.span().addEvent("in-inner");
        } finally {
          inner.end();
        }
        annotator.span().addEvent("back-in-outer");
      } finally {
        outer.end();
      }
      annotator.tracedTagAndCustomer("method");

      List<SpanData> spans = app.spans();
      assertThat(spans)
          .extracting(SpanData::getName)
          .containsExactly("inner", "outer", "Annotator.tracedTagAndCustomer");
      assertThat(spans.get(0))
          .hasAttribute(AttributeKey.stringKey("tag"), "inner")
          .hasEventsSatisfyingExactly(e -> e.hasName("in-inner"));
      assertThat(spans.get(1))
          .hasAttribute(AttributeKey.stringKey("tag"), "outer")
          .hasEventsSatisfyingExactly(e -> e.hasName("back-in-outer"));
      assertThat(spans.get(2)).hasAttribute(AttributeKey.stringKey("tag"), "method");
    }
  }

  @Test
  void injectedSpanMadeCurrentMakesTheRealSpanCurrent() {
    try (TestApp app = TestApp.enabled(Annotator.class)) {
      Annotator annotator = app.bean(Annotator.class);
      Span real = annotator.tracer().spanBuilder("real").startSpan();
      try (Scope ignored = real.makeCurrent()) {
        try (Scope again = annotator.span().makeCurrent()) {
          assertThat(Span.current()).isSameAs(real);
          assertThat(annotator.span().getSpanContext()).isEqualTo(real.getSpanContext());
        }
      } finally {
        real.end();
      }
      assertThat(annotator.span().getSpanContext().isValid()).isFalse();
    }
  }

  @Test
  void injectedBaggageReadsTheBaggageCurrentAtEachCall() {
    try (TestApp app = TestApp.enabled(Annotator.class)) {
      Annotator annotator = app.bean(Annotator.class);
      assertThat(annotator.customer()).isNull();

      try (Scope ignored = Baggage.builder().put("customer", "acme").build().makeCurrent()) {
        assertThat(annotator.customer()).isEqualTo("acme");
        try (Scope nested =
            Baggage.current().toBuilder().put("customer", "globex").build().makeCurrent()) {
          assertThat(annotator.customer()).isEqualTo("globex");
          assertThat(annotator.tracedTagAndCustomer("x")).isEqualTo("globex");
        }
        assertThat(annotator.customer()).isEqualTo("acme");
        assertThat(annotator.baggage().asMap()).containsOnlyKeys("customer");
      }
      assertThat(annotator.baggage().isEmpty()).isTrue();
    }
  }

  @Test
  void injectedTracerAndOpenTelemetryExportThroughTheApplicationsSdk() {
    try (TestApp app = TestApp.enabled(Annotator.class)) {
      Annotator annotator = app.bean(Annotator.class);
      annotator.tracer().spanBuilder("by-tracer").startSpan().end();
      annotator
          .openTelemetry()
          .getTracer("mine")
          .spanBuilder("by-open-telemetry")
          .startSpan()
          .end();

      assertThat(app.spans())
          .extracting(SpanData::getName)
          .containsExactly("by-tracer", "by-open-telemetry");
      assertThat(app.spans().get(0).getInstrumentationScopeInfo().getName())
          .isEqualTo(DeploymentName.find());
    }
  }

  @Test
  void injectedBeansWorkWhileTracingIsOff() {
    try (TestApp app = TestApp.builder().beans(Annotator.class).start()) {
      Annotator annotator = app.bean(Annotator.class);
      annotator.tag("ignored");
      try (Scope ignored = Baggage.builder().put("customer", "acme").build().makeCurrent()) {
        assertThat(annotator.customer()).isEqualTo("acme");
      }
      Span span = annotator.tracer().spanBuilder("nothing").startSpan();
      assertThat(span.isRecording()).isFalse();
      span.end();
      assertThat(app.spans()).isEmpty();
    }
  }
}
