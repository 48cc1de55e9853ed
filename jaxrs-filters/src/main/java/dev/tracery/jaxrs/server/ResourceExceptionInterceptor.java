package dev.tracery.jaxrs.server;

import dev.tracery.jaxrs.internal.ServerCall;
import io.opentelemetry.context.Context;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

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
      if (declared == CompletionStage.class || declared == CompletableFuture.class) {
        // JAX-RS must see the completion only after the failure is recorded: a callback it
        // registered on
        // the resource's own stage would run before ours (CompletableFuture runs the last
        // registered
        // first) and could end the span first. So it gets a stage that completes, with exactly the
        // same
        // value or exception, once the failure is recorded.
        CompletableFuture<Object> recorded = new CompletableFuture<>();
        ((CompletionStage<?>) result)
            .whenComplete(
                (value, failure) -> {
                  try {
                    if (failure != null) {
                      call.failed(unwrap(failure));
                    }
                  } finally {
                    if (failure == null) {
                      recorded.complete(value);
                    } else {
                      recorded.completeExceptionally(failure);
                    }
                  }
                });
        return recorded;
      }
      ((CompletionStage<?>) result)
          .whenComplete(
              (value, failure) -> {
                if (failure != null) {
                  call.failed(unwrap(failure));
                }
              });
    }
    return result;
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
