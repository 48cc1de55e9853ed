package dev.tracery;

import io.opentelemetry.api.trace.SpanKind;
import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Traces the calls of a CDI bean's business methods: each call becomes an OpenTelemetry span.
 *
 * <p>On a class, every business method of the bean is traced; on a method, that method is. A
 * method-level annotation overrides the class-level one, so {@code @Traced(false)} on a method of a
 * traced class leaves that method untraced, as in MicroProfile OpenTracing.
 *
 * <pre>{@code
 * @ApplicationScoped
 * @Traced
 * public class OrderService {
 *     public Order place(@SpanAttribute("order.customer") String customer) { ... } // span "OrderService.place"
 *
 *     @Traced(operationName = "checkout", kind = SpanKind.INTERNAL)
 *     public Receipt pay(Order order) { ... }                                      // span "checkout"
 *
 *     @Traced(false)
 *     public int count() { ... }                                                   // no span
 * }
 * }</pre>
 *
 * <p>Each span is a child of the span current at the call (a JAX-RS request span, another traced
 * method, or one the application started), is current while the method runs, and ends when the
 * method returns, or, for a method returning a {@link java.util.concurrent.CompletionStage}, when
 * that stage completes. A thrown exception is recorded on the span, which then has status {@code
 * ERROR}; the exception reaches the caller unchanged.
 *
 * <p>Parameters annotated with OpenTelemetry's {@code @SpanAttribute} become span attributes.
 * OpenTelemetry's {@code @WithSpan} is honoured the same way, so code written for MicroProfile
 * Telemetry keeps working.
 *
 * <p>Interceptors apply to non-private, non-static, non-final methods called through a CDI
 * reference; putting {@code @Traced} on a private, static or final method fails deployment with a
 * message saying so. While Tracery is disabled ({@code tracery.enabled} unset or {@code false}) the
 * interceptor is not registered at all, and annotated methods cost exactly what plain ones do.
 */
@Documented
@Inherited
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Traced {

  /**
   * Whether calls are traced. {@code false} on a method excludes it from a class-level
   * {@code @Traced}. Defaults to {@code true}.
   */
  @Nonbinding
  boolean value() default true;

  /**
   * The span name. Empty (the default) names the span {@code SimpleClassName.methodName} after the
   * bean class, for example {@code OrderService.place}.
   */
  @Nonbinding
  String operationName() default "";

  /** The span kind. Defaults to {@link SpanKind#INTERNAL}. */
  @Nonbinding
  SpanKind kind() default SpanKind.INTERNAL;
}
