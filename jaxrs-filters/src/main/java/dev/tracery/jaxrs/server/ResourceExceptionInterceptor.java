package dev.tracery.jaxrs.server;

import dev.tracery.jaxrs.internal.ServerCall;
import io.opentelemetry.context.Context;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Records what a resource method throws, or the exception its {@code CompletionStage} completes
 * with, on the request's server span, before JAX-RS maps it to a response. Only applies to
 * resources that are CDI beans; the exception and the response reach JAX-RS unchanged.
 */
@TracedResource
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE)
public class ResourceExceptionInterceptor {

  @AroundInvoke
  public Object record(InvocationContext invocation) throws Exception {
    ServerCall call = Context.current().get(ServerCall.KEY);
    if (call == null) {
      return invocation.proceed();
    }
    Object result;
    try {
      result = invocation.proceed();
    } catch (Throwable failure) {
      call.failed(failure);
      throw failure;
    }
    if (result instanceof CompletionStage) {
      Class<?> declared = invocation.getMethod().getReturnType();
      // JAX-RS must see the completion of the resource's own stage only after the failure is
      // recorded (see ServerCall.recordFailureOf).
      boolean handOn = declared == CompletionStage.class || declared == CompletableFuture.class;
      CompletionStage<Object> recorded = call.recordFailureOf((CompletionStage<?>) result, handOn);
      if (handOn) {
        return recorded;
      }
    }
    return result;
  }
}
