package dev.tracery.interceptors;

import dev.tracery.Spans;
import dev.tracery.interceptors.TracedMethod.Binding;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.semconv.CodeAttributes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;
import java.util.Map;
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

  /** Per bean class and method, what the attempt spans of a Fault Tolerance retry are named. */
  private final ClassValue<ConcurrentHashMap<Method, TracedMethod>> attempts =
      new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<Method, TracedMethod> computeValue(Class<?> beanClass) {
          return new ConcurrentHashMap<>();
        }
      };

  /**
   * The key in an invocation's context data counting its attempts; Fault Tolerance reuses the
   * context.
   */
  static final String ATTEMPT = "dev.tracery.retry.attempt";

  @Inject
  public MethodTracing(OpenTelemetry openTelemetry) {
    var builder = openTelemetry.getTracerProvider().tracerBuilder(INSTRUMENTATION_NAME);
    String version = MethodTracing.class.getPackage().getImplementationVersion();
    if (version != null) {
      builder.setInstrumentationVersion(version);
    }
    this.tracer = builder.build();
  }

  /**
   * The class of the intercepted instance, for interceptors of components that are not CDI beans
   * (message-driven beans): a container-generated subclass stands for the class it extends.
   */
  static Class<?> targetClass(InvocationContext invocation) {
    Class<?> type = invocation.getTarget().getClass();
    while (type.isSynthetic() || type.getName().contains("$$")) {
      Class<?> parent = type.getSuperclass();
      if (parent == null || parent == Object.class) {
        break;
      }
      type = parent;
    }
    return type;
  }

  Object trace(InvocationContext invocation, Class<?> beanClass, Binding invokedBy)
      throws Exception {
    return trace(invocation, beanClass, invokedBy, false);
  }

  /**
   * A timer callback: work that starts on its own, so always the root of a new trace, whatever the
   * thread had current. Named as a {@code @Traced} method would be; {@code @Traced(false)} on the
   * method or its class turns it off.
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

  /**
   * One attempt of a method that MicroProfile Fault Tolerance retries, inside the span of the whole
   * operation (current when the attempt starts): a child span named as the operation, carrying
   * {@link Spans#RETRY_ATTEMPT} and {@link Spans#RETRY_OUTCOME}; the operation's span gets {@link
   * Spans#RETRY_ATTEMPTS} and the outcome of the latest attempt. Nothing is made when the
   * operation's span does not record (unsampled, or no span at all).
   */
  Object attempt(InvocationContext invocation, Class<?> beanClass) throws Exception {
    Span operation = Span.current();
    if (!operation.isRecording()) {
      return invocation.proceed();
    }
    Method method = invocation.getMethod();
    TracedMethod traced = attempts.get(beanClass).get(method);
    if (traced == null) {
      traced =
          attempts
              .get(beanClass)
              .computeIfAbsent(method, m -> TracedMethod.of(beanClass, m, Binding.TRACED));
    }
    Map<String, Object> data = invocation.getContextData();
    Object previous = data.get(ATTEMPT);
    long attempt = previous instanceof Long ? (Long) previous + 1 : 1;
    data.put(ATTEMPT, attempt);
    operation.setAttribute(Spans.RETRY_ATTEMPTS, attempt);

    Span span = tracer.spanBuilder(traced.spanName).setSpanKind(SpanKind.INTERNAL).startSpan();
    boolean recording = span.isRecording();
    if (recording) {
      span.setAttribute(Spans.RETRY_ATTEMPT, attempt);
    }
    Object result;
    try (Scope ignored = Context.current().with(span).makeCurrent()) {
      result = invocation.proceed();
    } catch (Throwable failure) {
      operation.setAttribute(Spans.RETRY_OUTCOME, "failure");
      if (recording) {
        span.setAttribute(Spans.RETRY_OUTCOME, "failure");
      }
      SpanEnd.endFailed(span, recording, failure);
      throw failure;
    }
    if (!traced.async) {
      operation.setAttribute(Spans.RETRY_OUTCOME, "success");
      if (recording) {
        span.setAttribute(Spans.RETRY_OUTCOME, "success");
      }
    }
    SpanEnd.endReturned(span, recording, traced.async, result);
    return result;
  }
}
