package dev.tracery.jaxrs.jersey;

import dev.tracery.jaxrs.client.ClientCall;
import io.opentelemetry.context.Context;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import org.glassfish.jersey.client.spi.PostInvocationInterceptor;
import org.glassfish.jersey.client.spi.PreInvocationInterceptor;

/**
 * Jersey (Payara) only: captures the caller's context on the calling thread, before Jersey hands an
 * {@code async()} or {@code rx()} call to its executor, and ends the CLIENT span with the error
 * when a call fails without a response (connection refused, timeout), which no JAX-RS filter sees.
 */
public class TracingJerseyClientInterceptor
    implements PreInvocationInterceptor, PostInvocationInterceptor {

  @Override
  public void beforeRequest(ClientRequestContext request) {
    request.setProperty(ClientCall.PARENT, Context.current());
  }

  @Override
  public void afterRequest(ClientRequestContext request, ClientResponseContext response) {
    // TracingClientFilter's response side ends the span.
  }

  @Override
  public void onException(ClientRequestContext request, ExceptionContext exception) {
    Object property = request.getProperty(ClientCall.PROPERTY);
    if (property instanceof ClientCall) {
      Throwable failure = exception.getThrowables().peekLast();
      ((ClientCall) property).end(request, exception.getResponseContext().orElse(null), failure);
    }
  }
}
