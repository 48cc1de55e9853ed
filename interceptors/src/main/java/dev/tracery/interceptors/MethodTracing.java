package dev.tracery.interceptors;

import dev.tracery.interceptors.TracedMethod.Binding;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.semconv.CodeAttributes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The work behind {@link TracedInterceptor} and {@link WithSpanInterceptor}, one instance per
 * application: the application's tracer and the per-method metadata cache, so that interceptor
 * instances (one per intercepted bean instance) stay empty.
 *
 * <p>The cache is a {@link ClassValue} keyed by bean class, so it never keeps an undeployed
 * application's classes reachable.
 */
@Singleton
public class MethodTracing {

  /** The instrumentation scope of spans made by the interceptors. */
  public static final String INSTRUMENTATION_NAME = "dev.tracery.interceptors";

  private final Tracer tracer;

  private final ClassValue<ConcurrentHashMap<Method, TracedMethod>> methods =
      new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<Method, TracedMethod> computeValue(Class<?> beanClass) {
          return new ConcurrentHashMap<>();
        }
      };

  @Inject
  public MethodTracing(OpenTelemetry openTelemetry) {
    var builder = openTelemetry.getTracerProvider().tracerBuilder(INSTRUMENTATION_NAME);
    String version = MethodTracing.class.getPackage().getImplementationVersion();
    if (version != null) {
      builder.setInstrumentationVersion(version);
    }
    this.tracer = builder.build();
  }

  Object trace(InvocationContext invocation, Class<?> beanClass, Binding invokedBy)
      throws Exception {
    return trace(invocation, beanClass, invokedBy, false);
  }

  /**
   * A timer callback: work that starts on its own, so always the root of a new trace, whatever the
   * thread had current. Named as a {@code @Traced} method would be; {@code @Traced(false)} on the method
   * or its class turns it off.
   */
  Object traceTimeout(InvocationContext invocation, Class<?> beanClass) throws Exception {
    return trace(invocation, beanClass, Binding.TIMEOUT, true);
  }

  private Object trace(
      InvocationContext invocation, Class<?> beanClass, Binding invokedBy, boolean root)
      throws Exception {
    Method method = invocation.getMethod();
    TracedMethod traced = methods.get(beanClass).get(method);
    if (traced == null) {
      traced =
          methods
              .get(beanClass)
              .computeIfAbsent(method, m -> TracedMethod.of(beanClass, m, invokedBy));
    }
    if (!traced.traced || (traced.binding != invokedBy && !root)) {
      return invocation.proceed();
    }

    SpanBuilder builder = tracer.spanBuilder(traced.spanName).setSpanKind(traced.kind);
    if (root || traced.newTrace) {
      builder.setNoParent();
    }
    Span span = builder.startSpan();
    boolean recording = span.isRecording();
    if (recording) {
      span.setAttribute(CodeAttributes.CODE_FUNCTION_NAME, traced.codeFunctionName);
      if (traced.hasParameterAttributes()) {
        traced.setParameterAttributes(span, invocation.getParameters());
      }
    }

    Object result;
    try (Scope ignored = Context.current().with(span).makeCurrent()) {
      result = invocation.proceed();
    } catch (Throwable failure) {
      SpanEnd.endFailed(span, recording, failure);
      throw failure;
    }
    SpanEnd.endReturned(span, recording, traced.async, result);
    return result;
  }
}
