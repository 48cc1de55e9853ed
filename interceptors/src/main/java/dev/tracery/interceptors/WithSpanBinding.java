package dev.tracery.interceptors;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The interceptor binding that Tracery's extension adds to every method annotated with
 * OpenTelemetry's {@code @WithSpan} (which is not an interceptor binding and cannot be put on an
 * interceptor class). Not for application use.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface WithSpanBinding {

  /** The instance the extension adds. */
  final class Literal extends AnnotationLiteral<WithSpanBinding> implements WithSpanBinding {
    private static final long serialVersionUID = 1L;

    public static final Literal INSTANCE = new Literal();

    private Literal() {}
  }
}
