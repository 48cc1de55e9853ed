package dev.tracery.interceptors;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The interceptor binding that Tracery's extension adds to every EJB timeout method (annotated
 * {@code @Schedule}, {@code @Schedules} or {@code @Timeout}), so that each timer callback is a span
 * with no annotation of the application's. Not for application use.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface TimeoutBinding {

  /** The instance the extension adds. */
  final class Literal extends AnnotationLiteral<TimeoutBinding> implements TimeoutBinding {
    private static final long serialVersionUID = 1L;

    public static final Literal INSTANCE = new Literal();

    private Literal() {}
  }
}
