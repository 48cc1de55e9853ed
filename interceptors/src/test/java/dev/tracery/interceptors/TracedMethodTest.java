package dev.tracery.interceptors;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.Traced;
import dev.tracery.interceptors.TracedMethod.Binding;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The span name, kind and attributes a business method gets from its annotations, as
 * {@code @Traced} and {@code @WithSpan} document them.
 */
class TracedMethodTest {

  enum Tier {
    GOLD
  }

  public static class Orders {
    public void plain() {}

    @Traced(operationName = "order.place", kind = SpanKind.PRODUCER)
    public void place() {}

    @Traced(false)
    public void quiet() {}

    @WithSpan(value = "order.audit", kind = SpanKind.CLIENT, inheritContext = false)
    public void audit() {}

    @WithSpan
    public CompletableFuture<String> later() {
      return null;
    }

    public CompletionStage<String> stage() {
      return null;
    }

    public String find(
        @SpanAttribute("order.id") String id,
        @SpanAttribute("order.count") int count,
        @SpanAttribute("order.total") float total,
        @SpanAttribute("order.express") boolean express,
        @SpanAttribute("order.items") List<Integer> items,
        @SpanAttribute("order.tags") String[] tags,
        @SpanAttribute("order.tier") Tier tier,
        @SpanAttribute String customer,
        String notAnAttribute) {
      return id;
    }
  }

  @Traced(operationName = "billing", kind = SpanKind.CLIENT)
  public static class Billing {
    public void charge() {}

    @Traced(operationName = "billing.refund")
    public void refund() {}

    @WithSpan("billing.check")
    public void check() {}
  }

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();

  @AfterEach
  void close() {
    tracerProvider.close();
  }

  private static Method method(Class<?> type, String name) {
    for (Method method : type.getMethods()) {
      if (method.getName().equals(name)) {
        return method;
      }
    }
    throw new AssertionError("no method " + name);
  }

  private static TracedMethod of(Class<?> type, String name) {
    return TracedMethod.of(type, method(type, name), Binding.TRACED);
  }

  @Test
  void aMethodWithoutOwnAnnotationIsAnInternalSpanNamedClassDotMethod() {
    TracedMethod plain = of(Orders.class, "plain");

    assertThat(plain.traced).isTrue();
    assertThat(plain.spanName).isEqualTo("Orders.plain");
    assertThat(plain.kind).isEqualTo(SpanKind.INTERNAL);
    assertThat(plain.newTrace).isFalse();
    assertThat(plain.async).isFalse();
    assertThat(plain.codeFunctionName)
        .isEqualTo("dev.tracery.interceptors.TracedMethodTest$Orders.plain");
    assertThat(plain.hasParameterAttributes()).isFalse();
    // The binding that reached the method decides only when the method says nothing itself.
    assertThat(
            TracedMethod.of(Orders.class, method(Orders.class, "plain"), Binding.WITH_SPAN).binding)
        .isEqualTo(Binding.WITH_SPAN);
  }

  @Test
  void tracedGivesNameAndKind() {
    TracedMethod place = of(Orders.class, "place");

    assertThat(place.binding).isEqualTo(Binding.TRACED);
    assertThat(place.spanName).isEqualTo("order.place");
    assertThat(place.kind).isEqualTo(SpanKind.PRODUCER);
    assertThat(of(Orders.class, "quiet").traced).isFalse();
  }

  @Test
  void withSpanGivesNameKindAndANewTraceWhenItDoesNotInheritTheContext() {
    TracedMethod audit =
        TracedMethod.of(Orders.class, method(Orders.class, "audit"), Binding.TRACED);

    assertThat(audit.binding).isEqualTo(Binding.WITH_SPAN);
    assertThat(audit.spanName).isEqualTo("order.audit");
    assertThat(audit.kind).isEqualTo(SpanKind.CLIENT);
    assertThat(audit.newTrace).isTrue();
    assertThat(of(Orders.class, "later").spanName).isEqualTo("Orders.later");
    assertThat(of(Orders.class, "later").newTrace).isFalse();
  }

  @Test
  void aCompletionStageResultIsAsynchronous() {
    assertThat(of(Orders.class, "later").async).isTrue();
    assertThat(of(Orders.class, "stage").async).isTrue();
  }

  @Test
  void aMethodAnnotationWinsOverTracedOnTheClass() {
    TracedMethod charge = of(Billing.class, "charge");
    assertThat(charge.spanName).isEqualTo("billing");
    assertThat(charge.kind).isEqualTo(SpanKind.CLIENT);

    TracedMethod refund = of(Billing.class, "refund");
    assertThat(refund.spanName).isEqualTo("billing.refund");
    assertThat(refund.kind).isEqualTo(SpanKind.INTERNAL);

    TracedMethod check = of(Billing.class, "check");
    assertThat(check.binding).isEqualTo(Binding.WITH_SPAN);
    assertThat(check.spanName).isEqualTo("billing.check");
  }

  @Test
  void spanAttributeParametersBecomeTypedAttributes() {
    TracedMethod find = of(Orders.class, "find");
    assertThat(find.hasParameterAttributes()).isTrue();

    Span span = tracerProvider.get("test").spanBuilder("find").startSpan();
    find.setParameterAttributes(
        span,
        new Object[] {
          "o-1", 3, 2.5f, true, List.of(1, 2), new String[] {"a", "b"}, Tier.GOLD, "ada", "x"
        });
    span.end();

    Attributes attributes = exporter.getFinishedSpanItems().get(0).getAttributes();
    assertThat(attributes)
        .containsEntry(AttributeKey.stringKey("order.id"), "o-1")
        .containsEntry(AttributeKey.longKey("order.count"), 3L)
        .containsEntry(AttributeKey.doubleKey("order.total"), 2.5)
        .containsEntry(AttributeKey.booleanKey("order.express"), true)
        .containsEntry(AttributeKey.stringArrayKey("order.items"), List.of("1", "2"))
        .containsEntry(AttributeKey.stringArrayKey("order.tags"), List.of("a", "b"))
        .containsEntry(AttributeKey.stringKey("order.tier"), "GOLD")
        // Without a name, the parameter's own (the build compiles with -parameters).
        .containsEntry(AttributeKey.stringKey("customer"), "ada")
        .hasSize(8);
  }

  @Test
  void aNullArgumentSetsNoAttribute() {
    TracedMethod find = of(Orders.class, "find");

    Span span = tracerProvider.get("test").spanBuilder("find").startSpan();
    find.setParameterAttributes(
        span, new Object[] {null, 1, 1f, false, List.of(), new String[0], null, null, null});
    span.end();

    Attributes attributes = exporter.getFinishedSpanItems().get(0).getAttributes();
    assertThat(attributes.get(AttributeKey.stringKey("order.id"))).isNull();
    assertThat(attributes.get(AttributeKey.stringKey("order.tier"))).isNull();
    assertThat(attributes.get(AttributeKey.longKey("order.count"))).isEqualTo(1L);
  }
}
