package dev.tracery.jaxrs.client;

import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One traced outgoing request: the CLIENT span's context, ended exactly once. Never made current.
 */
public final class ClientCall {

  public static final String PROPERTY = "dev.tracery.jaxrs.ClientCall";

  /**
   * The context current on the calling thread, where a runtime tells us before it switches threads.
   */
  public static final String PARENT = "dev.tracery.jaxrs.ClientCall.parent";

  private final Instrumenter<ClientRequestContext, ClientResponseContext> instrumenter;
  private final Context context;
  private final AtomicBoolean ended = new AtomicBoolean();

  ClientCall(
      Instrumenter<ClientRequestContext, ClientResponseContext> instrumenter, Context context) {
    this.instrumenter = instrumenter;
    this.context = context;
  }

  public void end(ClientRequestContext request, ClientResponseContext response, Throwable error) {
    if (ended.compareAndSet(false, true)) {
      instrumenter.end(context, request, response, error);
    }
  }
}
