package dev.tracery.jaxrs.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One traced server request, from the JAX-RS request filter to the moment the response is sent: the
 * span's context, the scope that makes it current on the request thread, and what the request
 * produced. Kept as one request property (a servlet request attribute in a servlet container), and
 * in the span's context, so a resource interceptor can record what the resource method threw.
 *
 * <p>The scope is closed by the thread that opened it; the span ends exactly once.
 */
public final class ServerCall {

  public static final String PROPERTY = "dev.tracery.jaxrs.ServerCall";
  public static final ContextKey<ServerCall> KEY = ContextKey.named("dev.tracery.jaxrs.ServerCall");

  /**
   * The JAX-RS request; null for a request that Tracery's servlet filter traces (no JAX-RS
   * involved).
   */
  public final ContainerRequestContext request;

  /**
   * The servlet request behind it, read while the request filter runs (URL, headers); null outside
   * a servlet container. It may be a proxy that only works while JAX-RS processes the request, so
   * what is needed after that is copied below.
   */
  final HttpServletRequest servlet;

  /** Whether Tracery's servlet filter wraps the request: it, not JAX-RS, then ends the span. */
  public final boolean servletFilter;

  public final String contextPath;
  public final String servletPath;
  final String protocolVersion;
  final String peerAddress;
  final Integer peerPort;

  /**
   * The route known when the span starts: the servlet mapping of a servlet request; null for a
   * JAX-RS request, whose route is set once JAX-RS has matched a resource method.
   */
  final String route;

  private Instrumenter<ServerCall, ServerResponse> instrumenter;
  private Context context;
  private volatile Scope scope;
  private volatile Thread scopeThread;
  private volatile Throwable failure;
  private volatile ServerResponse response;
  private final AtomicBoolean ended = new AtomicBoolean();

  public ServerCall(
      ContainerRequestContext request, HttpServletRequest servlet, boolean servletFilter) {
    this(request, servlet, servletFilter, null);
  }

  /**
   * A request that Tracery's servlet filter traces itself: not JAX-RS's, with the route of its
   * servlet mapping.
   */
  public static ServerCall servlet(HttpServletRequest servlet, String route) {
    return new ServerCall(null, servlet, true, route);
  }

  private ServerCall(
      ContainerRequestContext request,
      HttpServletRequest servlet,
      boolean servletFilter,
      String route) {
    this.request = request;
    this.servlet = servlet;
    this.servletFilter = servletFilter;
    this.route = route;
    if (servlet == null) {
      this.contextPath = null;
      this.servletPath = null;
      this.protocolVersion = null;
      this.peerAddress = null;
      this.peerPort = null;
    } else {
      this.contextPath = servlet.getContextPath();
      this.servletPath = servlet.getServletPath();
      String protocol = servlet.getProtocol();
      this.protocolVersion =
          protocol != null && protocol.startsWith("HTTP/")
              ? protocol.substring("HTTP/".length())
              : null;
      this.peerAddress = servlet.getRemoteAddr();
      this.peerPort = servlet.getRemotePort();
    }
  }

  /** Binds the started span to this call and makes it current on the calling (request) thread. */
  void started(Instrumenter<ServerCall, ServerResponse> instrumenter, Context spanContext) {
    this.instrumenter = instrumenter;
    this.context = spanContext.with(KEY, this);
    this.scopeThread = Thread.currentThread();
    this.scope = context.makeCurrent();
  }

  Context context() {
    return context;
  }

  /**
   * Closes the scope if the calling thread is the one that opened it; otherwise leaves it alone.
   */
  public void closeScopeOnThisThread() {
    Scope open = scope;
    if (open != null && scopeThread == Thread.currentThread()) {
      scope = null;
      open.close();
    }
  }

  /** Remembers the first failure of the request: what the resource threw, mapped or not. */
  public void failed(Throwable error) {
    if (failure == null && error != null) {
      failure = error;
    }
  }

  public void responded(ServerResponse jaxrsResponse) {
    this.response = jaxrsResponse;
  }

  boolean ended() {
    return ended.get();
  }

  /**
   * Ends the span once, with the JAX-RS response if there was one, else {@code fallback}. An
   * exception the application mapped to a response below 500 is recorded as an event, and the
   * span's status is left unset, as the HTTP semantic conventions want for a server's 4xx; from 500
   * on, the span is an error.
   */
  public void end(ServerResponse fallback) {
    if (ended.compareAndSet(false, true)) {
      ServerResponse answered = response != null ? response : fallback;
      Throwable error = failure;
      if (error != null && answered != null && answered.status() < 500) {
        Span.fromContext(context).recordException(error);
        error = null;
      }
      instrumenter.end(context, this, answered, error);
    }
  }

  /**
   * Records on this call the exception {@code stage} completes with, if it fails, once it
   * completes. With {@code handOn}, returns a stage that completes, with exactly the same value or
   * exception, only after that is recorded, for JAX-RS to see instead of the resource's own: a
   * callback JAX-RS registered on the resource's stage would run before this one ({@code
   * CompletableFuture} runs the last registered first) and could end the span first. Without,
   * returns {@code stage}.
   */
  @SuppressWarnings("unchecked")
  public CompletionStage<Object> recordFailureOf(CompletionStage<?> stage, boolean handOn) {
    if (!handOn) {
      stage.whenComplete(
          (value, failure) -> {
            if (failure != null) {
              failed(unwrap(failure));
            }
          });
      return (CompletionStage<Object>) stage;
    }
    CompletableFuture<Object> recorded = new CompletableFuture<>();
    stage.whenComplete(
        (value, failure) -> {
          try {
            if (failure != null) {
              failed(unwrap(failure));
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

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
