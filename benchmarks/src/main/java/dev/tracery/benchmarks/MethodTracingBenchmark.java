package dev.tracery.benchmarks;

import dev.tracery.Spans;
import dev.tracery.extension.TraceryExtension;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.semconv.CodeAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One call of a CDI bean's method, with and without tracing, next to the raw OpenTelemetry SDK
 * doing the same by hand. Every variant calls the same kind of bean (application scoped, through
 * its client proxy) with the same body; the traced ones export through the SDK's batch processor to
 * an exporter that discards.
 *
 * <ol>
 *   <li>{@link #plainCall}: the baseline;
 *   <li>{@link #passThroughInterceptor}: the same bean behind an interceptor that only proceeds:
 *       what Weld charges any interceptor, so the part of (3) and (4) that no interceptor can
 *       avoid;
 *   <li>{@link #tracedDisabled}: {@code @Traced}, Tracery off;
 *   <li>{@link #tracedNotSampled}: {@code @Traced}, Tracery on, sampler always_off;
 *   <li>{@link #tracedSampled}: {@code @Traced}, Tracery on, every call a span, exported;
 *   <li>{@link #rawSdkSampled}: the raw SDK by hand: span builder, start, make current, call, end;
 *       the same span {@code @Traced} makes (name, kind, {@code code.function.name} when
 *       recording);
 *   <li>{@link #rawSdkNotSampled}: the same with an always_off sampler;
 *   <li>{@link #smallRyeWithSpan}: the peer, SmallRye OpenTelemetry's CDI {@code @WithSpan}
 *       interceptor (WildFly's and Quarkus's MicroProfile Telemetry), on the same SDK and exporter
 *       setup;
 *   <li>{@link #smallRyeDisabled}: the peer with {@code otel.sdk.disabled=true};
 *   <li>{@link #spansDisabled}, {@link #spansNotSampled}, {@link #spansSampled}: the same call of
 *       the plain bean run in a programmatic span ({@link Spans#call}, injected {@code Spans}
 *       bean), Tracery off, on but not sampled, on and sampled; to compare with (2), (3) and (4).
 * </ol>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 4,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class MethodTracingBenchmark {

  /** A running application with Tracery and the given settings. */
  public abstract static class TraceryApplication {
    WeldApplication application;
    TracedGreeter traced;
    Greeter plain;
    InterceptedGreeter intercepted;
    Spans spans;

    /**
     * The block the programmatic-span benchmarks run, made once so that no run allocates a lambda.
     */
    Spans.Call<Integer, RuntimeException> greet;

    abstract Map<String, String> config();

    @Setup(Level.Trial)
    public void start() {
      application =
          WeldApplication.start(
              config(),
              List.of(new TraceryExtension()),
              Greeter.class,
              TracedGreeter.class,
              InterceptedGreeter.class,
              PassThroughInterceptor.class);
      traced = application.bean(TracedGreeter.class);
      plain = application.bean(Greeter.class);
      intercepted = application.bean(InterceptedGreeter.class);
      spans = application.bean(Spans.class);
      Greeter bean = plain;
      greet = () -> bean.greet(42);
      traced.greet(1);
      plain.greet(1);
      intercepted.greet(1);
    }

    @TearDown(Level.Trial)
    public void stop() {
      application.close();
    }
  }

  @State(Scope.Benchmark)
  public static class Disabled extends TraceryApplication {
    @Override
    Map<String, String> config() {
      return Map.of("tracery.enabled", "false");
    }
  }

  @State(Scope.Benchmark)
  public static class NotSampled extends TraceryApplication {
    @Override
    Map<String, String> config() {
      return Map.of(
          "tracery.enabled",
          "true",
          "otel.traces.sampler",
          "always_off",
          "otel.traces.exporter",
          "discard");
    }
  }

  @State(Scope.Benchmark)
  public static class Sampled extends TraceryApplication {
    @Override
    Map<String, String> config() {
      return Map.of("tracery.enabled", "true", "otel.traces.exporter", "discard");
    }
  }

  /** (4'') As {@link Sampled}, with log correlation off ({@code tracery.logs.mdc=false}). */
  @State(Scope.Benchmark)
  public static class SampledWithoutMdc extends TraceryApplication {
    @Override
    Map<String, String> config() {
      return Map.of(
          "tracery.enabled",
          "true",
          "otel.traces.exporter",
          "discard",
          "tracery.logs.mdc",
          "false");
    }
  }

  /** (3'') As {@link NotSampled}, with log correlation off. */
  @State(Scope.Benchmark)
  public static class NotSampledWithoutMdc extends TraceryApplication {
    @Override
    Map<String, String> config() {
      return Map.of(
          "tracery.enabled", "true",
          "otel.traces.sampler", "always_off",
          "otel.traces.exporter", "discard",
          "tracery.logs.mdc", "false");
    }
  }

  /**
   * The raw SDK, set up as Tracery's is: batch processor, discarding exporter, the bean to call.
   */
  public abstract static class RawSdk {
    SdkTracerProvider tracerProvider;
    Tracer tracer;
    WeldApplication application;
    Greeter plain;

    abstract Sampler sampler();

    @Setup(Level.Trial)
    public void start() {
      tracerProvider =
          SdkTracerProvider.builder()
              .setSampler(sampler())
              .addSpanProcessor(
                  BatchSpanProcessor.builder(DiscardingExporterProvider.exporter()).build())
              .build();
      tracer = tracerProvider.get("benchmark");
      application = WeldApplication.start(Map.of(), List.of(), Greeter.class);
      plain = application.bean(Greeter.class);
    }

    @TearDown(Level.Trial)
    public void stop() {
      tracerProvider.close();
      application.close();
    }
  }

  @State(Scope.Benchmark)
  public static class RawSampled extends RawSdk {
    @Override
    Sampler sampler() {
      return Sampler.parentBased(Sampler.alwaysOn());
    }
  }

  @State(Scope.Benchmark)
  public static class RawNotSampled extends RawSdk {
    @Override
    Sampler sampler() {
      return Sampler.alwaysOff();
    }
  }

  /**
   * SmallRye OpenTelemetry's CDI integration, configured like Tracery's sampled and disabled cases.
   */
  public abstract static class SmallRye {
    WeldApplication application;
    WithSpanGreeter greeter;

    abstract boolean disabled();

    @Setup(Level.Trial)
    public void start() {
      application =
          WeldApplication.start(
              Map.of(
                  "otel.sdk.disabled", String.valueOf(disabled()),
                  "otel.traces.exporter", "discard",
                  "otel.metrics.exporter", "none",
                  "otel.logs.exporter", "none"),
              List.of(new io.smallrye.opentelemetry.implementation.cdi.OpenTelemetryExtension()),
              SmallRyeConfigProducer.class,
              WithSpanGreeter.class);
      greeter = application.bean(WithSpanGreeter.class);
      greeter.greet(1);
    }

    @TearDown(Level.Trial)
    public void stop() {
      application.close();
    }
  }

  @State(Scope.Benchmark)
  public static class SmallRyeSampled extends SmallRye {
    @Override
    boolean disabled() {
      return false;
    }
  }

  @State(Scope.Benchmark)
  public static class SmallRyeDisabled extends SmallRye {
    @Override
    boolean disabled() {
      return true;
    }
  }

  /** (6) The peer, sampled and exported. */
  @Benchmark
  public int smallRyeWithSpan(SmallRyeSampled peer) {
    return peer.greeter.greet(42);
  }

  /** (6, off) The peer with its SDK disabled. */
  @Benchmark
  public int smallRyeDisabled(SmallRyeDisabled peer) {
    return peer.greeter.greet(42);
  }

  /** (1) The baseline: a plain call of the bean. */
  @Benchmark
  public int plainCall(Disabled app) {
    return app.plain.greet(42);
  }

  /** (1') The bean behind an interceptor that only proceeds: Weld's price for any interceptor. */
  @Benchmark
  public int passThroughInterceptor(Disabled app) {
    return app.intercepted.greet(42);
  }

  /** (2) {@code @Traced}, tracing off: must cost what (1) costs. */
  @Benchmark
  public int tracedDisabled(Disabled app) {
    return app.traced.greet(42);
  }

  /** (3) {@code @Traced}, tracing on, not sampled. */
  @Benchmark
  public int tracedNotSampled(NotSampled app) {
    return app.traced.greet(42);
  }

  /** (4) {@code @Traced}, tracing on, sampled and exported. */
  @Benchmark
  public int tracedSampled(Sampled app) {
    return app.traced.greet(42);
  }

  /**
   * (4'') {@code @Traced}, sampled, without log correlation: (4) minus this is what writing the ids
   * into the MDC costs (here JBoss Logging's MDC, which Weld brings, on its JDK backend).
   */
  @Benchmark
  public int tracedSampledWithoutMdc(SampledWithoutMdc app) {
    return app.traced.greet(42);
  }

  /** (3'') {@code @Traced}, not sampled, without log correlation: to compare with (3). */
  @Benchmark
  public int tracedNotSampledWithoutMdc(NotSampledWithoutMdc app) {
    return app.traced.greet(42);
  }

  /** (7) A programmatic span around the plain call, tracing off: must cost what (2) costs. */
  @Benchmark
  public int spansDisabled(Disabled app) {
    return app.spans.call("Greeter.greet", app.greet);
  }

  /** (7') A programmatic span, tracing on, not sampled: to compare with (3). */
  @Benchmark
  public int spansNotSampled(NotSampled app) {
    return app.spans.call("Greeter.greet", app.greet);
  }

  /** (7'') A programmatic span, tracing on, sampled and exported: to compare with (4). */
  @Benchmark
  public int spansSampled(Sampled app) {
    return app.spans.call("Greeter.greet", app.greet);
  }

  /** (5) The raw SDK by hand, sampled and exported: the floor for (4). */
  @Benchmark
  public int rawSdkSampled(RawSampled sdk) {
    return byHand(sdk);
  }

  /** (5') The raw SDK by hand, not sampled: the floor for (3). */
  @Benchmark
  public int rawSdkNotSampled(RawNotSampled sdk) {
    return byHand(sdk);
  }

  /**
   * What a careful developer writes to make the span {@code @Traced} makes: name, kind, and the
   * {@code code.function.name} attribute, set only when the span records.
   */
  private static int byHand(RawSdk sdk) {
    Span span = sdk.tracer.spanBuilder("Greeter.greet").setSpanKind(SpanKind.INTERNAL).startSpan();
    if (span.isRecording()) {
      span.setAttribute(CodeAttributes.CODE_FUNCTION_NAME, "dev.tracery.benchmarks.Greeter.greet");
    }
    try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
      return sdk.plain.greet(42);
    } finally {
      span.end();
    }
  }
}
