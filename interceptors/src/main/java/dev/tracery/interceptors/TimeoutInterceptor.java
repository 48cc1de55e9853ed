package dev.tracery.interceptors;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Intercepted;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundTimeout;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Makes each EJB timer callback ({@code @Schedule}, {@code @Timeout}) the root span of a new trace,
 * named {@code {Class}.{method}} (or the {@code @Traced} operation name), with {@code
 * code.function.name}. Bound by the extension to timeout methods; registered only while tracing is
 * on.
 */
@TimeoutBinding
@Interceptor
@Priority(TracedInterceptor.PRIORITY)
public class TimeoutInterceptor {

  private final MethodTracing tracing;
  private final Class<?> beanClass;

  @Inject
  public TimeoutInterceptor(MethodTracing tracing, @Intercepted Bean<?> bean) {
    this.tracing = tracing;
    this.beanClass = bean.getBeanClass();
  }

  @AroundTimeout
  public Object trace(InvocationContext invocation) throws Exception {
    return tracing.traceTimeout(invocation, beanClass);
  }
}
