package dev.tracery.jaxrs.server;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The interceptor binding that Tracery's extension adds to the resource methods of JAX-RS resources
 * that are CDI beans, so that what they throw is recorded on the request's span even when an
 * exception mapper turns it into a response. Not for application use.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface TracedResource {

  /** The instance the extension adds. */
  final class Literal extends AnnotationLiteral<TracedResource> implements TracedResource {
    private static final long serialVersionUID = 1L;

    public static final Literal INSTANCE = new Literal();

    private Literal() {}
  }
}
