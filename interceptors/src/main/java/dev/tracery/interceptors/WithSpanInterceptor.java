package dev.tracery.interceptors;

import dev.tracery.interceptors.TracedMethod.Binding;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Intercepted;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Makes a span of each call of an OpenTelemetry {@link WithSpan} method, exactly as {@link
 * TracedInterceptor} does for {@code @Traced}. {@code @WithSpan} is not an interceptor binding:
 * while tracing is enabled, Tracery's CDI extension adds {@link WithSpanBinding} to every method
 * that carries it. A method with both kinds of annotation gets one span, from the method-level
 * annotation.
 */
@WithSpanBinding
@Interceptor
@Priority(TracedInterceptor.PRIORITY)
public class WithSpanInterceptor {

  private final MethodTracing tracing;
  private final Class<?> beanClass;

  @Inject
  public WithSpanInterceptor(MethodTracing tracing, @Intercepted Bean<?> bean) {
    this.tracing = tracing;
    // No Bean for a message-driven bean (an EJB, not a CDI bean): then the intercepted instance's
    // class.
    this.beanClass = bean == null ? null : bean.getBeanClass();
  }

  @AroundInvoke
  public Object trace(InvocationContext invocation) throws Exception {
    Class<?> type = beanClass != null ? beanClass : MethodTracing.targetClass(invocation);
    return tracing.trace(invocation, type, Binding.WITH_SPAN);
  }
}
