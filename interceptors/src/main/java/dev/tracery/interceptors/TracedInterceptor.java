package dev.tracery.interceptors;

import dev.tracery.Traced;
import dev.tracery.interceptors.TracedMethod.Binding;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Intercepted;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Makes a span of each call of a {@link Traced} method. Registered by Tracery's CDI extension only
 * while tracing is enabled; its priority puts it outside the application's own interceptors and
 * those of most libraries, so their time is inside the span.
 */
@Traced
@Interceptor
@Priority(TracedInterceptor.PRIORITY)
public class TracedInterceptor {

  /** {@code Interceptor.Priority.LIBRARY_BEFORE + 10}. */
  public static final int PRIORITY = Interceptor.Priority.LIBRARY_BEFORE + 10;

  private final MethodTracing tracing;
  private final Class<?> beanClass;

  @Inject
  public TracedInterceptor(MethodTracing tracing, @Intercepted Bean<?> bean) {
    this.tracing = tracing;
    // No Bean for a message-driven bean (an EJB, not a CDI bean): then the intercepted instance's
    // class.
    this.beanClass = bean == null ? null : bean.getBeanClass();
  }

  @AroundInvoke
  public Object trace(InvocationContext invocation) throws Exception {
    Class<?> type = beanClass != null ? beanClass : MethodTracing.targetClass(invocation);
    return tracing.trace(invocation, type, Binding.TRACED);
  }
}
