package dev.tracery.interceptors;

import dev.tracery.Messaging;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.Topic;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Jakarta Messaging tracing, one instance per application: wraps connection factories and {@link
 * JMSContext}s so that every message sent through them gets a PRODUCER span and carries its context
 * in message properties, and starts the CONSUMER span of a message a listener processes.
 *
 * <p>Property names: a propagator's header name becomes a JMS property name with each {@code -}
 * replaced by {@value #DASH}, the mapping OpenTelemetry's Java agent uses, so that Tracery and
 * agent-instrumented services read each other's messages ({@code traceparent}, {@code tracestate}
 * and {@code baggage} are unchanged; B3's {@code X-B3-TraceId} becomes {@code
 * X__dash__B3__dash__TraceId}). Only {@code String} properties of at most {@value
 * Messaging#MAX_HEADER_LENGTH} characters are read.
 *
 * <p>Nothing here throws into the application: a property that cannot be written or read, a
 * destination whose name cannot be read, a message that cannot be created are logged at FINE and
 * the call goes on, untraced where it must. Not for public use.
 */
public final class JmsTracing {

  private static final Logger LOG = Logger.getLogger(JmsTracing.class.getName());

  /**
   * {@code messaging.system} of JMS spans: the well-known value for the Jakarta (Java) Message
   * Service API.
   */
  public static final String SYSTEM = "jms";

  /** What a {@code -} in a propagator's header name becomes in a JMS property name. */
  public static final String DASH = "__dash__";

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  /** The jakarta.jms interfaces of each provider class, so a wrapper keeps all of them. */
  private final ClassValue<Class<?>[]> interfaces =
      new ClassValue<>() {
        @Override
        protected Class<?>[] computeValue(Class<?> type) {
          // A provider's own interfaces (Artemis' ActiveMQRAConnectionFactory) are left out, the
          // jakarta.jms ones they extend are kept.
          Set<Class<?>> found = new LinkedHashSet<>();
          for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            collect(c.getInterfaces(), found);
          }
          return found.toArray(new Class<?>[0]);
        }
      };

  private static void collect(Class<?>[] candidates, Set<Class<?>> found) {
    for (Class<?> candidate : candidates) {
      if (candidate.getName().startsWith("jakarta.jms.")) {
        found.add(candidate);
      } else {
        collect(candidate.getInterfaces(), found);
      }
    }
  }

  private JmsTracing(Tracer tracer, TextMapPropagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  public static JmsTracing create(OpenTelemetry openTelemetry) {
    var builder = openTelemetry.getTracerProvider().tracerBuilder(Messaging.INSTRUMENTATION_NAME);
    String version = JmsTracing.class.getPackage().getImplementationVersion();
    if (version != null) {
      builder.setInstrumentationVersion(version);
    }
    return new JmsTracing(builder.build(), openTelemetry.getPropagators().getTextMapPropagator());
  }

  /**
   * A tracing wrapper of {@code resource} when it is a {@link ConnectionFactory}, {@link
   * JMSContext}, {@link Connection}, {@link Session}, {@link MessageProducer} or {@link
   * JMSProducer}, implementing all the {@code jakarta.jms} interfaces the resource implements;
   * otherwise (or when it is already a wrapper) {@code resource} itself.
   */
  public Object wrap(Object resource) {
    return wrap(resource, null);
  }

  Object wrap(Object resource, JMSContext producerContext) {
    if (resource == null
        || (Proxy.isProxyClass(resource.getClass())
            && Proxy.getInvocationHandler(resource) instanceof JmsProxy)) {
      return resource;
    }
    JmsProxy.Role role;
    if (resource instanceof JMSProducer) {
      role = JmsProxy.Role.JMS_PRODUCER;
    } else if (resource instanceof MessageProducer) {
      role = JmsProxy.Role.PRODUCER;
    } else if (resource instanceof JMSContext
        || resource instanceof Session
        || resource instanceof Connection
        || resource instanceof ConnectionFactory) {
      role = JmsProxy.Role.FACTORY;
    } else {
      return resource;
    }
    Class<?>[] types = interfaces.get(resource.getClass());
    if (types.length == 0) {
      return resource;
    }
    try {
      return Proxy.newProxyInstance(
          JmsTracing.class.getClassLoader(),
          types,
          new JmsProxy(resource, this, role, producerContext));
    } catch (RuntimeException | LinkageError e) {
      if (LOG.isLoggable(Level.FINE)) {
        LOG.log(
            Level.FINE,
            "Tracery: cannot wrap " + resource.getClass().getName() + "; it stays untraced",
            e);
      }
      return resource;
    }
  }

  /** A send, in a PRODUCER span, with the span's context in {@code message}'s properties. */
  Object traceSend(Message message, Destination destination, JmsProxy.Send send) throws Throwable {
    Span span;
    try {
      Context parent = Context.current();
      span =
          MessagingSpans.start(
              tracer,
              SpanKind.PRODUCER,
              "send",
              SYSTEM,
              name(destination),
              temporary(destination),
              null,
              parent);
      propagator.inject(parent.with(span), message, PropertySetter.INSTANCE);
    } catch (RuntimeException | LinkageError e) {
      if (LOG.isLoggable(Level.FINE)) {
        LOG.log(Level.FINE, "Tracery: cannot trace a JMS send; it goes on untraced", e);
      }
      return send.run();
    }
    boolean recording = span.isRecording();
    Object result;
    try {
      result = send.run();
    } catch (Throwable failure) {
      SpanEnd.endFailed(span, recording, failure);
      throw failure;
    }
    if (recording) {
      String id = messageId(message);
      if (id != null) {
        span.setAttribute(Messaging.MESSAGE_ID, id);
      }
    }
    span.end();
    return result;
  }

  /**
   * The context a listener processes {@code message} in: the CONSUMER span {@code "process
   * <destination>"} on top of the context in the message's properties (a new trace when there is
   * none). The caller makes it current and ends {@link Span#fromContext its span}.
   */
  public Context startProcess(Message message) {
    Context parent = propagator.extract(Context.root(), message, PropertyGetter.INSTANCE);
    Destination destination = null;
    try {
      destination = message.getJMSDestination();
    } catch (Exception e) {
      fine("cannot read the destination of a message", e);
    }
    Span span =
        MessagingSpans.start(
            tracer,
            SpanKind.CONSUMER,
            "process",
            SYSTEM,
            name(destination),
            temporary(destination),
            messageId(message),
            parent);
    return parent.with(span);
  }

  static String name(Destination destination) {
    try {
      if (destination instanceof Queue) {
        return ((Queue) destination).getQueueName();
      }
      if (destination instanceof Topic) {
        return ((Topic) destination).getTopicName();
      }
    } catch (Exception e) {
      fine("cannot read a destination's name", e);
    }
    return null;
  }

  static boolean temporary(Destination destination) {
    return destination instanceof TemporaryQueue || destination instanceof TemporaryTopic;
  }

  private static String messageId(Message message) {
    try {
      return message.getJMSMessageID();
    } catch (Exception e) {
      fine("cannot read a message's id", e);
      return null;
    }
  }

  static void fine(String what, Throwable e) {
    if (LOG.isLoggable(Level.FINE)) {
      LOG.log(Level.FINE, "Tracery: " + what, e);
    }
  }

  /** A propagator's header name as a JMS property name. */
  public static String propertyName(String header) {
    return header.replace("-", DASH);
  }

  enum PropertySetter implements TextMapSetter<Message> {
    INSTANCE;

    @Override
    public void set(Message message, String key, String value) {
      if (message == null || key == null || value == null) {
        return;
      }
      try {
        message.setStringProperty(propertyName(key), value);
      } catch (Exception e) {
        // a read-only message being sent again, a name the provider refuses: it goes without this
        // one
        fine("cannot set JMS property for '" + key + "'", e);
      }
    }
  }

  enum PropertyGetter implements TextMapGetter<Message> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Message message) {
      if (message == null) {
        return Collections.emptyList();
      }
      try {
        List<String> keys = new ArrayList<>();
        Enumeration<?> names = message.getPropertyNames();
        while (names != null && names.hasMoreElements()) {
          Object name = names.nextElement();
          if (name instanceof String) {
            keys.add(((String) name).replace(DASH, "-"));
          }
        }
        return keys;
      } catch (Exception e) {
        fine("cannot read a message's property names", e);
        return Collections.emptyList();
      }
    }

    @Override
    public String get(Message message, String key) {
      if (message == null || key == null) {
        return null;
      }
      try {
        Object value = message.getObjectProperty(propertyName(key));
        if (value instanceof String && ((String) value).length() <= Messaging.MAX_HEADER_LENGTH) {
          return (String) value;
        }
      } catch (Exception e) {
        fine("cannot read JMS property for '" + key + "'", e);
      }
      return null;
    }
  }
}
