package dev.tracery.interceptors;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The interceptor binding that Tracery's extension adds, at deployment, to every {@code @Traced} or
 * {@code @WithSpan} method that also carries MicroProfile Fault Tolerance's {@code @Retry} (on the
 * method or its class): it makes one span per attempt ({@link RetryAttemptInterceptor}). Not for
 * application use.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RetryAttemptBinding {

  /** The instance the extension adds. */
  final class Literal extends AnnotationLiteral<RetryAttemptBinding>
      implements RetryAttemptBinding {
    private static final long serialVersionUID = 1L;

    public static final Literal INSTANCE = new Literal();

    private Literal() {}
  }
}
