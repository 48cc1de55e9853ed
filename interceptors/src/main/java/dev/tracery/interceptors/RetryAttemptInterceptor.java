package dev.tracery.interceptors;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Intercepted;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Makes one span per attempt of a {@code @Traced} (or {@code @WithSpan}) method that MicroProfile
 * Fault Tolerance retries ({@code @Retry}). Its priority puts it inside Fault Tolerance's
 * interceptor ({@code PLATFORM_AFTER + 10} by default), which calls the rest of the chain again for
 * each attempt, while {@link TracedInterceptor}, outside it, makes the span of the whole operation:
 * each attempt is a child of that span, with the attributes of {@link dev.tracery.Spans#retry}
 * ({@code tracery.retry.attempt}, {@code tracery.retry.outcome}), and the operation's span records
 * {@code tracery.retry.attempts} and the outcome of the last attempt.
 *
 * <p>Bound by Tracery's extension only to methods that carry {@code @Retry}, recognised by name, so
 * an application without the Fault Tolerance API loads nothing of it.
 */
@RetryAttemptBinding
@Interceptor
@Priority(RetryAttemptInterceptor.PRIORITY)
public class RetryAttemptInterceptor {

  /** {@code Interceptor.Priority.PLATFORM_AFTER + 20}: inside Fault Tolerance's interceptor. */
  public static final int PRIORITY = Interceptor.Priority.PLATFORM_AFTER + 20;

  private final MethodTracing tracing;
  private final Class<?> beanClass;

  @Inject
  public RetryAttemptInterceptor(MethodTracing tracing, @Intercepted Bean<?> bean) {
    this.tracing = tracing;
    this.beanClass = bean.getBeanClass();
  }

  @AroundInvoke
  public Object attempt(InvocationContext invocation) throws Exception {
    return tracing.attempt(invocation, beanClass);
  }
}
