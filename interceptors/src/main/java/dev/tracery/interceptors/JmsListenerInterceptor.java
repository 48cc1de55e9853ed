package dev.tracery.interceptors;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.jms.Message;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes a CONSUMER span {@code "process <destination>"} of each {@code onMessage(Message)} call of
 * a message listener, continuing the trace whose context the message carries. Registered by
 * Tracery's CDI extension only while tracing is on; its priority puts it outside {@code @Traced},
 * so a {@code @Traced onMessage} is a child of the CONSUMER span. A message whose trace properties
 * cannot be used starts a new trace; nothing Tracery does here throws into the listener.
 */
@JmsConsumerBinding
@Interceptor
@Priority(JmsListenerInterceptor.PRIORITY)
public class JmsListenerInterceptor {

  /** {@code Interceptor.Priority.LIBRARY_BEFORE + 5}: outside {@link TracedInterceptor}. */
  public static final int PRIORITY = Interceptor.Priority.LIBRARY_BEFORE + 5;

  private static final Logger LOG = Logger.getLogger(JmsListenerInterceptor.class.getName());

  private final JmsTracing tracing;

  @Inject
  public JmsListenerInterceptor(JmsTracing tracing) {
    this.tracing = tracing;
  }

  @AroundInvoke
  public Object process(InvocationContext invocation) throws Exception {
    return process(tracing, invocation);
  }

  /** The CONSUMER span around one {@code onMessage}. */
  static Object process(JmsTracing tracing, InvocationContext invocation) throws Exception {
    Object[] parameters = invocation.getParameters();
    if (parameters == null || parameters.length != 1 || !(parameters[0] instanceof Message)) {
      return invocation.proceed();
    }
    Context context;
    try {
      context = tracing.startProcess((Message) parameters[0]);
    } catch (RuntimeException | LinkageError e) {
      if (LOG.isLoggable(Level.FINE)) {
        LOG.log(
            Level.FINE, "Tracery: cannot trace a received message; it is processed untraced", e);
      }
      return invocation.proceed();
    }
    Span span = Span.fromContext(context);
    boolean recording = span.isRecording();
    Object result;
    try (Scope ignored = context.makeCurrent()) {
      result = invocation.proceed();
    } catch (Throwable failure) {
      SpanEnd.endFailed(span, recording, failure);
      throw failure;
    }
    span.end();
    return result;
  }
}
