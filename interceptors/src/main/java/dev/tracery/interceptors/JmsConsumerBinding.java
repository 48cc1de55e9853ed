package dev.tracery.interceptors;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds {@link JmsListenerInterceptor} to the {@code onMessage} methods of message listeners
 * (message-driven beans); Tracery's CDI extension adds it, applications never write it. Not for
 * public use.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface JmsConsumerBinding {

  final class Literal extends AnnotationLiteral<JmsConsumerBinding> implements JmsConsumerBinding {
    public static final Literal INSTANCE = new Literal();
    private static final long serialVersionUID = 1L;
  }
}
