package dev.tracery.benchmarks;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * The cheapest possible CDI interceptor: it only proceeds. What it costs over a plain call is what
 * Weld charges any interceptor (proxy, invocation context, reflective calls), tracing or not.
 */
@PassThrough
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 10)
public class PassThroughInterceptor {
  @AroundInvoke
  public Object proceed(InvocationContext invocation) throws Exception {
    return invocation.proceed();
  }
}
