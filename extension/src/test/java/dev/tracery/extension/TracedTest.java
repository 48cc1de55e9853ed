package dev.tracery.extension;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracery.Traced;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TracedTest {

  @ApplicationScoped
  @Traced
  public static class OrderService {
    @Inject PaymentService payments;

    public String place(String item) {
      return "order:" + payments.pay(item, 3);
    }

    @Traced(operationName = "checkout", kind = SpanKind.CONSUMER)
    public void checkout() {}

    @Traced(false)
    public int count() {
      return 42;
    }

    public SpanContext currentSpanInside() {
      return Span.current().getSpanContext();
    }

    public void fail(RuntimeException failure) {
      throw failure;
    }

    public void failChecked() throws java.io.IOException {
      throw new java.io.IOException("disk gone");
    }
  }

  @ApplicationScoped
  public static class PaymentService {
    @Traced
    public String pay(
        @SpanAttribute("payment.item") String item,
        @SpanAttribute("payment.quantity") int quantity) {
      return item + "x" + quantity;
    }

    @Traced
    public void typed(
        @SpanAttribute("a.long") long aLong,
        @SpanAttribute("a.double") double aDouble,
        @SpanAttribute("a.boolean") boolean aBoolean,
        @SpanAttribute("a.enum") SpanKind anEnum,
        @SpanAttribute("a.list") List<String> aList,
        @SpanAttribute String named,
        @SpanAttribute("a.null") String nothing,
        String notAnAttribute) {}

    public void untraced() {}
  }

  @Dependent
  public static class AsyncService {
    @Traced
    public CompletionStage<String> later(CompletableFuture<String> result) {
      return result;
    }

    @Traced
    public CompletableFuture<String> laterFuture(CompletableFuture<String> result) {
      return result;
    }
  }

  @Dependent
  @Traced
  public abstract static class BaseService {
    public String inherited() {
      return "base";
    }
  }

  @Dependent
  public static class ConcreteService extends BaseService {}

  private TestApp app;

  @BeforeEach
  void start() {
    app =
        TestApp.enabled(
            OrderService.class, PaymentService.class, AsyncService.class, ConcreteService.class);
  }

  @AfterEach
  void stop() {
    app.close();
  }

  @Test
  void namesSpanAfterBeanClassAndMethod() {
    app.bean(PaymentService.class).pay("book", 1);

    assertThat(app.spans())
        .singleElement()
        .satisfies(
            span ->
                assertThat(span)
                    .hasName("PaymentService.pay")
                    .hasKind(SpanKind.INTERNAL)
                    .hasInstrumentationScopeInfo(
                        io.opentelemetry.sdk.common.InstrumentationScopeInfo.create(
                            "dev.tracery.interceptors"))
                    .hasAttribute(
                        AttributeKey.stringKey("code.function.name"),
                        PaymentService.class.getName() + ".pay"));
  }

  @Test
  void tracesEveryBusinessMethodOfAnnotatedClassAndNestsCalls() {
    String result = app.bean(OrderService.class).place("book");

    assertThat(result).isEqualTo("order:bookx3");
    List<SpanData> spans = app.spans();
    assertThat(spans)
        .extracting(SpanData::getName)
        .containsExactly("PaymentService.pay", "OrderService.place");
    SpanData pay = spans.get(0);
    SpanData place = spans.get(1);
    assertThat(pay).hasParent(place).hasTraceId(place.getTraceId());
    assertThat(place).hasNoParent();
    assertThat(pay.getStartEpochNanos()).isGreaterThanOrEqualTo(place.getStartEpochNanos());
    assertThat(pay.getEndEpochNanos()).isLessThanOrEqualTo(place.getEndEpochNanos());
  }

  @Test
  void recordsSpanAttributeParametersWithTheirTypes() {
    app.bean(PaymentService.class).pay("book", 3);
    app.bean(PaymentService.class)
        .typed(7L, 2.5, true, SpanKind.SERVER, List.of("a", "b"), "n", null, "secret");

    assertThat(app.spans().get(0))
        .hasAttribute(AttributeKey.stringKey("payment.item"), "book")
        .hasAttribute(AttributeKey.longKey("payment.quantity"), 3L);
    SpanData typed = app.spans().get(1);
    assertThat(typed)
        .hasAttribute(AttributeKey.longKey("a.long"), 7L)
        .hasAttribute(AttributeKey.doubleKey("a.double"), 2.5)
        .hasAttribute(AttributeKey.booleanKey("a.boolean"), true)
        .hasAttribute(AttributeKey.stringKey("a.enum"), "SERVER")
        .hasAttribute(AttributeKey.stringArrayKey("a.list"), List.of("a", "b"))
        .hasAttribute(AttributeKey.stringKey("named"), "n");
    assertThat(typed.getAttributes().get(AttributeKey.stringKey("a.null"))).isNull();
    assertThat(typed.getAttributes().asMap().values()).doesNotContain("secret");
  }

  @Test
  void operationNameAndKindOverrideTheDefaults() {
    app.bean(OrderService.class).checkout();

    assertThat(app.spans())
        .singleElement()
        .satisfies(span -> assertThat(span).hasName("checkout").hasKind(SpanKind.CONSUMER));
  }

  @Test
  void methodAnnotatedTracedFalseIsNotTracedInTracedClass() {
    assertThat(app.bean(OrderService.class).count()).isEqualTo(42);
    app.bean(PaymentService.class).untraced();

    assertThat(app.spans()).isEmpty();
  }

  @Test
  void spanIsCurrentInsideTheMethod() {
    SpanContext inside = app.bean(OrderService.class).currentSpanInside();

    assertThat(app.spans())
        .singleElement()
        .satisfies(span -> assertThat(span.getSpanContext()).isEqualTo(inside));
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
  }

  @Test
  void childOfTheSpanCurrentAtTheCall() {
    var tracer = app.bean(io.opentelemetry.api.OpenTelemetry.class).getTracer("test");
    Span outer = tracer.spanBuilder("outer").startSpan();
    try (var ignored = outer.makeCurrent()) {
      app.bean(PaymentService.class).pay("pen", 1);
    } finally {
      outer.end();
    }

    SpanData pay = app.spans().get(0);
    assertThat(pay)
        .hasName("PaymentService.pay")
        .hasParentSpanId(outer.getSpanContext().getSpanId());
  }

  @Test
  void endsSpanWithErrorWhenMethodThrowsAndRethrowsTheSameException() {
    IllegalStateException failure = new IllegalStateException("out of stock");

    assertThatThrownBy(() -> app.bean(OrderService.class).fail(failure)).isSameAs(failure);
    assertThatThrownBy(() -> app.bean(OrderService.class).failChecked())
        .isInstanceOf(java.io.IOException.class)
        .hasMessage("disk gone");

    List<SpanData> spans = app.spans();
    assertThat(spans).hasSize(2);
    assertThat(spans.get(0))
        .hasName("OrderService.fail")
        .hasStatus(io.opentelemetry.sdk.trace.data.StatusData.error())
        .hasAttribute(AttributeKey.stringKey("error.type"), IllegalStateException.class.getName())
        .hasException(failure);
    assertThat(spans.get(1)).hasName("OrderService.failChecked");
    assertThat(spans.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    EventData event = spans.get(1).getEvents().get(0);
    assertThat(event.getName()).isEqualTo("exception");
  }

  @Test
  void asyncMethodEndsItsSpanWhenTheStageCompletes() {
    CompletableFuture<String> result = new CompletableFuture<>();
    CompletionStage<String> returned = app.bean(AsyncService.class).later(result);

    assertThat(returned).isSameAs(result);
    assertThat(app.spans()).isEmpty();

    result.complete("done");

    assertThat(app.spans())
        .singleElement()
        .satisfies(
            span ->
                assertThat(span)
                    .hasName("AsyncService.later")
                    .hasStatus(io.opentelemetry.sdk.trace.data.StatusData.unset()));
  }

  @Test
  void asyncMethodEndsWithErrorWhenTheStageCompletesExceptionally() {
    CompletableFuture<String> result = new CompletableFuture<>();
    app.bean(AsyncService.class).laterFuture(result);
    assertThat(app.spans()).isEmpty();

    IllegalArgumentException failure = new IllegalArgumentException("no price");
    result.completeExceptionally(failure);

    assertThat(app.spans())
        .singleElement()
        .satisfies(
            span ->
                assertThat(span)
                    .hasName("AsyncService.laterFuture")
                    .hasStatus(io.opentelemetry.sdk.trace.data.StatusData.error())
                    .hasException(failure));
  }

  @Test
  void asyncMethodAlreadyCompletedEndsItsSpanAtOnce() {
    app.bean(AsyncService.class).later(CompletableFuture.completedFuture("now"));

    assertThat(app.spans())
        .singleElement()
        .satisfies(span -> assertThat(span).hasName("AsyncService.later").hasEnded());
  }

  @Test
  void classLevelTracedIsInheritedAndNamedAfterTheConcreteBean() {
    app.bean(ConcreteService.class).inherited();

    assertThat(app.spans())
        .singleElement()
        .satisfies(span -> assertThat(span).hasName("ConcreteService.inherited"));
  }
}
