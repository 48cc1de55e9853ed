package dev.tracery.interceptors;

import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * The tracing wrapper of one JMS object (a dynamic proxy over all its {@code jakarta.jms}
 * interfaces): factories, contexts, connections and sessions wrap the producers they create;
 * producers trace their sends. Everything else goes to the provider's object unchanged. Reflection
 * here costs far less than the broker round trip of a send, and keeps Tracery independent of which
 * JMS version's methods a provider has. Not for public use.
 */
final class JmsProxy implements InvocationHandler {

  enum Role {
    /** ConnectionFactory, Connection, Session, JMSContext: wraps what it creates. */
    FACTORY,
    /** MessageProducer, QueueSender, TopicPublisher: traces send and publish. */
    PRODUCER,
    /** JMSProducer: traces send. */
    JMS_PRODUCER
  }

  @FunctionalInterface
  interface Send {
    Object run() throws Throwable;
  }

  private final Object delegate;
  private final JmsTracing tracing;
  private final Role role;

  /**
   * The context a JMSProducer came from, to create the message of a send with a body; may be null.
   */
  private final JMSContext context;

  JmsProxy(Object delegate, JmsTracing tracing, Role role, JMSContext context) {
    this.delegate = delegate;
    this.tracing = tracing;
    this.role = role;
    this.context = context;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      switch (method.getName()) {
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        default:
          return "Tracery[" + delegate + "]";
      }
    }
    String name = method.getName();
    if (role == Role.PRODUCER && (name.equals("send") || name.equals("publish"))) {
      return sendClassic(method, args);
    }
    if (role == Role.JMS_PRODUCER && name.equals("send") && args != null && args.length == 2) {
      Object result = sendSimplified(method, args);
      return result == delegate ? proxy : result;
    }
    Object result = call(method, args);
    if (result == delegate) {
      return proxy; // fluent JMSProducer setters: keep the chain traced
    }
    if (role == Role.FACTORY && result != null && name.startsWith("create")) {
      return tracing.wrap(result, delegate instanceof JMSContext ? (JMSContext) delegate : null);
    }
    return result;
  }

  private Object call(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private Object sendClassic(Method method, Object[] args) throws Throwable {
    Message message = null;
    Destination destination = null;
    if (args != null) {
      for (Object arg : args) {
        if (message == null && arg instanceof Message) {
          message = (Message) arg;
        } else if (destination == null && arg instanceof Destination) {
          destination = (Destination) arg;
        }
      }
    }
    if (message == null) {
      return call(method, args);
    }
    if (destination == null) {
      try {
        destination = ((MessageProducer) delegate).getDestination();
      } catch (Exception e) {
        JmsTracing.fine("cannot read a producer's destination", e);
      }
    }
    return tracing.traceSend(message, destination, () -> call(method, args));
  }

  /**
   * JMSProducer.send(destination, body): a body other than a Message is turned into the message the
   * provider would have made, so its properties can carry the context and its id can be read.
   */
  private Object sendSimplified(Method method, Object[] args) throws Throwable {
    Destination destination = args[0] instanceof Destination ? (Destination) args[0] : null;
    Class<?> bodyType = method.getParameterTypes()[1];
    Message message = null;
    try {
      if (bodyType == Message.class) {
        message = (Message) args[1];
      } else if (context != null) {
        message = create(bodyType, args[1]);
      }
    } catch (Exception e) {
      JmsTracing.fine("cannot create the message of a send; it goes on untraced", e);
      message = null;
    }
    if (message == null) {
      return call(method, args);
    }
    Message toSend = message;
    JMSProducer producer = (JMSProducer) delegate;
    return tracing.traceSend(message, destination, () -> producer.send(destination, toSend));
  }

  private Message create(Class<?> bodyType, Object body) throws Exception {
    if (bodyType == String.class) {
      return context.createTextMessage((String) body);
    }
    if (bodyType == byte[].class) {
      BytesMessage message = context.createBytesMessage();
      if (body != null) {
        message.writeBytes((byte[]) body);
      }
      return message;
    }
    if (bodyType == Map.class) {
      MapMessage message = context.createMapMessage();
      if (body != null) {
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) body).entrySet()) {
          message.setObject((String) entry.getKey(), entry.getValue());
        }
      }
      return message;
    }
    if (bodyType == Serializable.class) {
      return context.createObjectMessage((Serializable) body);
    }
    return null;
  }
}
