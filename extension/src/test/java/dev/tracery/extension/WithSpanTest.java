package dev.tracery.extension;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracery.Traced;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** OpenTelemetry's @WithSpan, as MicroProfile Telemetry code uses it, works as @Traced does. */
class WithSpanTest {

  @ApplicationScoped
  public static class Inventory {
    @WithSpan
    public int reserve(@SpanAttribute("sku") String sku) {
      return 1;
    }

    @WithSpan(value = "inventory.check", kind = SpanKind.CLIENT)
    public void check() {}

    @WithSpan(inheritContext = false)
    public void detached() {}

    @WithSpan
    public void broken() {
      throw new IllegalStateException("shelf missing");
    }

    @WithSpan
    public CompletableFuture<Integer> async(CompletableFuture<Integer> result) {
      return result;
    }

    public void plain() {}
  }

  /** Both annotations: the method-level one decides, and there is one span. */
  @ApplicationScoped
  @Traced
  public static class Mixed {
    @WithSpan("mixed.with-span")
    public void both() {}

    public void classLevelOnly() {}
  }

  @Test
  void namesAndAttributesLikeTraced() {
    try (TestApp app = TestApp.enabled(Inventory.class)) {
      app.bean(Inventory.class).reserve("A-1");
      app.bean(Inventory.class).check();
      app.bean(Inventory.class).plain();

      assertThat(app.spans()).hasSize(2);
      assertThat(app.spans().get(0))
          .hasName("Inventory.reserve")
          .hasKind(SpanKind.INTERNAL)
          .hasAttribute(AttributeKey.stringKey("sku"), "A-1");
      assertThat(app.spans().get(1)).hasName("inventory.check").hasKind(SpanKind.CLIENT);
      // The semantic conventions' code.function.name (fully qualified), which MicroProfile
      // Telemetry 2.2 checks.
      assertThat(app.spans().get(0))
          .hasAttribute(
              AttributeKey.stringKey("code.function.name"), Inventory.class.getName() + ".reserve");
      assertThat(app.spans().get(1))
          .hasAttribute(
              AttributeKey.stringKey("code.function.name"), Inventory.class.getName() + ".check");
    }
  }

  @Test
  void inheritContextFalseStartsANewTrace() {
    try (TestApp app = TestApp.enabled(Inventory.class)) {
      Span outer =
          app.bean(io.opentelemetry.api.trace.Tracer.class).spanBuilder("outer").startSpan();
      try (Scope ignored = outer.makeCurrent()) {
        app.bean(Inventory.class).detached();
        app.bean(Inventory.class).check();
      } finally {
        outer.end();
      }
      SpanData detached = app.spans().get(0);
      SpanData check = app.spans().get(1);
      assertThat(detached).hasName("Inventory.detached").hasNoParent();
      assertThat(detached.getTraceId()).isNotEqualTo(outer.getSpanContext().getTraceId());
      assertThat(check).hasParentSpanId(outer.getSpanContext().getSpanId());
    }
  }

  @Test
  void exceptionsAndAsyncResultsEndTheSpanAsTracedDoes() {
    try (TestApp app = TestApp.enabled(Inventory.class)) {
      assertThatThrownBy(() -> app.bean(Inventory.class).broken()).hasMessage("shelf missing");
      CompletableFuture<Integer> result = new CompletableFuture<>();
      app.bean(Inventory.class).async(result);
      assertThat(app.spans()).hasSize(1);
      result.complete(3);

      assertThat(app.spans().get(0)).hasName("Inventory.broken").hasStatus(StatusData.error());
      assertThat(app.spans().get(1)).hasName("Inventory.async").hasEnded();
    }
  }

  @Test
  void methodWithBothAnnotationsGetsOneSpanNamedByTheMethodLevelAnnotation() {
    try (TestApp app = TestApp.enabled(Mixed.class)) {
      app.bean(Mixed.class).both();
      app.bean(Mixed.class).classLevelOnly();

      assertThat(app.spans())
          .extracting(SpanData::getName)
          .containsExactly("mixed.with-span", "Mixed.classLevelOnly");
    }
  }
}
