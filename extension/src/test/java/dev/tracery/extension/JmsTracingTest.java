package dev.tracery.extension;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracery.Messaging;
import dev.tracery.Spans;
import dev.tracery.Traced;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jakarta Messaging tracing on Weld SE against a real broker, ActiveMQ Artemis running in-VM: sends
 * through injected {@link JMSContext} and {@link ConnectionFactory} fields are PRODUCER spans whose
 * context the message carries, a message listener's {@code onMessage} is the CONSUMER span
 * continuing that trace, and messages with unusable trace properties are processed normally in a
 * new trace.
 */
class JmsTracingTest {

  private static EmbeddedActiveMQ broker;
  private static ActiveMQConnectionFactory factory;
  private static ActiveMQConnectionFactory adapterDelegate;

  private TestApp app;

  @BeforeAll
  static void startBroker() throws Exception {
    ConfigurationImpl configuration = new ConfigurationImpl();
    configuration.setPersistenceEnabled(false);
    configuration.setSecurityEnabled(false);
    configuration.addAcceptorConfiguration("in-vm", "vm://0");
    broker = new EmbeddedActiveMQ().setConfiguration(configuration);
    broker.start();
    factory = new ActiveMQConnectionFactory("vm://0");
    adapterDelegate =
        new org.apache.activemq.artemis.jms.client.ActiveMQJMSConnectionFactory("vm://0");
  }

  @AfterAll
  static void stopBroker() throws Exception {
    factory.close();
    adapterDelegate.close();
    broker.stop();
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  /** What the container provides on a server: a connection factory and a JMSContext to inject. */
  @ApplicationScoped
  public static class Resources {
    @Produces
    ConnectionFactory connectionFactory() {
      return factory;
    }

    @Produces
    JMSContext context() {
      return factory.createContext();
    }

    /**
     * As a resource adapter hands it out (Artemis' ActiveMQRAConnectionFactoryImpl): a provider
     * class whose jakarta.jms interfaces come through the provider's own interface.
     */
    @Produces
    @jakarta.enterprise.inject.Typed(QueueConnectionFactory.class)
    QueueConnectionFactory adapterFactory() {
      return (QueueConnectionFactory)
          java.lang.reflect.Proxy.newProxyInstance(
              JmsTracingTest.class.getClassLoader(),
              new Class<?>[] {AdapterConnectionFactory.class},
              (proxy, method, args) -> {
                try {
                  return method.invoke(adapterDelegate, args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    void close(@Disposes JMSContext context) {
      context.close();
    }
  }

  /** A provider's own interface, as Artemis' resource adapter has one. */
  public interface AdapterConnectionFactory
      extends QueueConnectionFactory, jakarta.jms.TopicConnectionFactory {}

  @ApplicationScoped
  public static class AdapterSender {
    @Inject QueueConnectionFactory factory;

    public void send(String queue, String body) throws JMSException {
      try (jakarta.jms.QueueConnection connection = factory.createQueueConnection();
          jakarta.jms.QueueSession session =
              connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE)) {
        session.createSender(session.createQueue(queue)).send(session.createTextMessage(body));
      }
    }
  }

  @ApplicationScoped
  public static class Sender {
    @Inject JMSContext context;
    @Inject ConnectionFactory connectionFactory;

    public void sendText(String queue, String body) {
      context.createProducer().setProperty("orderCount", 2).send(context.createQueue(queue), body);
    }

    public String sendToTemporaryQueue(String body) throws JMSException {
      TemporaryQueue queue = context.createTemporaryQueue();
      context.createProducer().send(queue, body);
      return queue.getQueueName();
    }

    public ConnectionFactory connectionFactory() {
      return connectionFactory;
    }

    public void sendClassic(String queue, String body) throws JMSException {
      try (Connection connection = connectionFactory.createConnection();
          Session session = connection.createSession()) {
        session.createProducer(session.createQueue(queue)).send(session.createTextMessage(body));
      }
    }
  }

  @ApplicationScoped
  public static class Listener implements MessageListener {
    private final List<String> traceIds = new ArrayList<>();
    private RuntimeException failure;

    public List<String> traceIds() {
      return traceIds;
    }

    public void failWith(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public void onMessage(Message message) {
      traceIds.add(Span.current().getSpanContext().getTraceId());
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** Annotated as a message-driven bean is: bound through {@code @MessageDriven}, exactly once. */
  @ApplicationScoped
  @jakarta.ejb.MessageDriven
  public static class MessageDrivenListener implements MessageListener {
    @Override
    public void onMessage(Message message) {}
  }

  @ApplicationScoped
  public static class TracedListener implements MessageListener {
    @Override
    @Traced
    public void onMessage(Message message) {}
  }

  private TestApp start(String... config) {
    TestApp.Builder builder =
        TestApp.builder()
            .config("tracery.enabled", "true")
            .beans(
                Resources.class,
                Sender.class,
                AdapterSender.class,
                Listener.class,
                TracedListener.class,
                MessageDrivenListener.class);
    for (int i = 0; i < config.length; i += 2) {
      builder.config(config[i], config[i + 1]);
    }
    app = builder.start();
    return app;
  }

  private static Message receive(String queue) {
    try (JMSContext context = factory.createContext();
        JMSConsumer consumer = context.createConsumer(context.createQueue(queue))) {
      Message message = consumer.receive(10_000);
      assertThat(message).as("a message on " + queue).isNotNull();
      return message;
    }
  }

  private List<SpanData> spans(SpanKind kind) {
    return app.spans().stream().filter(span -> span.getKind() == kind).toList();
  }

  @Test
  void aSendThroughAnInjectedJmsContextIsAProducerSpanAndTheListenerContinuesItsTrace()
      throws Exception {
    start();
    Spans spans = app.bean(Spans.class);

    spans.run("place order", () -> app.bean(Sender.class).sendText("orders", "book x2"));
    Message received = receive("orders");
    app.bean(Listener.class).onMessage(received);

    SpanData outer =
        app.spans().stream()
            .filter(s -> s.getName().equals("place order"))
            .findFirst()
            .orElseThrow();
    SpanData producer = spans(SpanKind.PRODUCER).get(0);
    SpanData consumer = spans(SpanKind.CONSUMER).get(0);
    assertThat(received.getStringProperty("traceparent")).contains(producer.getSpanId());
    assertThat(received.getIntProperty("orderCount")).isEqualTo(2);
    assertThat(received.getBody(String.class)).isEqualTo("book x2");
    assertThat(producer)
        .hasName("send orders")
        .hasParent(outer)
        .hasAttribute(Messaging.SYSTEM, "jms")
        .hasAttribute(Messaging.DESTINATION, "orders")
        .hasAttribute(Messaging.OPERATION_TYPE, "send")
        .hasAttribute(Messaging.OPERATION_NAME, "send")
        .hasAttribute(Messaging.MESSAGE_ID, received.getJMSMessageID());
    assertThat(consumer)
        .hasName("process orders")
        .hasParent(producer)
        .hasAttribute(Messaging.SYSTEM, "jms")
        .hasAttribute(Messaging.DESTINATION, "orders")
        .hasAttribute(Messaging.OPERATION_TYPE, "process")
        .hasAttribute(Messaging.MESSAGE_ID, received.getJMSMessageID());
    assertThat(consumer.getLinks())
        .singleElement()
        .satisfies(
            link -> assertThat(link.getSpanContext().getSpanId()).isEqualTo(producer.getSpanId()));
    assertThat(app.bean(Listener.class).traceIds()).containsExactly(producer.getTraceId());
  }

  @Test
  void aSendThroughAnInjectedConnectionFactoryIsAProducerSpan() throws Exception {
    start();

    app.bean(Sender.class).sendClassic("classic", "hello");
    Message received = receive("classic");

    SpanData producer = spans(SpanKind.PRODUCER).get(0);
    assertThat(producer)
        .hasName("send classic")
        .hasNoParent()
        .hasAttribute(Messaging.MESSAGE_ID, received.getJMSMessageID());
    assertThat(received.getStringProperty("traceparent")).contains(producer.getSpanId());
  }

  @Test
  void aFactoryWhoseJmsInterfacesComeThroughAProviderInterfaceIsWrappedAndAQueueSenderTraced()
      throws Exception {
    start();

    app.bean(AdapterSender.class).send("adapter", "hello");
    Message received = receive("adapter");

    assertThat(spans(SpanKind.PRODUCER))
        .singleElement()
        .satisfies(
            producer -> {
              assertThat(producer).hasName("send adapter");
              assertThat(received.getStringProperty("traceparent")).contains(producer.getSpanId());
            });
  }

  @Test
  void headerNamesThatAreNotJavaIdentifiersAreMappedAsOpenTelemetrysAgentMapsThem()
      throws Exception {
    start("otel.propagators", "tracecontext,b3multi");

    app.bean(Sender.class).sendText("b3", "hello");
    Message received = receive("b3");

    SpanData producer = spans(SpanKind.PRODUCER).get(0);
    assertThat(received.getStringProperty("X__dash__B3__dash__TraceId"))
        .isEqualTo(producer.getTraceId());
    assertThat(received.getStringProperty("X__dash__B3__dash__SpanId"))
        .isEqualTo(producer.getSpanId());

    // a message an agent-instrumented service sent with B3 only
    try (JMSContext context = factory.createContext()) {
      Message message = context.createTextMessage("from elsewhere");
      message.setStringProperty("X__dash__B3__dash__TraceId", "4bf92f3577b34da6a3ce929d0e0e4736");
      message.setStringProperty("X__dash__B3__dash__SpanId", "00f067aa0ba902b7");
      message.setStringProperty("X__dash__B3__dash__Sampled", "1");
      context.createProducer().send(context.createQueue("b3"), message);
    }
    app.bean(Listener.class).onMessage(receive("b3"));

    assertThat(spans(SpanKind.CONSUMER))
        .singleElement()
        .satisfies(
            consumer -> {
              assertThat(consumer.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
              assertThat(consumer.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
            });
  }

  @Test
  void messagesWithMissingMalformedOversizedOrWronglyTypedTracePropertiesAreProcessedInANewTrace()
      throws Exception {
    start();
    String valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    List<Consumer<Message>> hostile =
        List.of(
            message -> {},
            message -> set(message, "traceparent", "garbage"),
            message ->
                set(
                    message,
                    "traceparent",
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-"
                        + "f".repeat(20_000)),
            message -> set(message, "traceparent", valid + " ".repeat(Messaging.MAX_HEADER_LENGTH)),
            message -> {
              try {
                message.setLongProperty("traceparent", 42L);
                message.setBooleanProperty("baggage", true);
                message.setDoubleProperty("tracestate", 1.5);
              } catch (JMSException e) {
                throw new IllegalStateException(e);
              }
            });
    try (JMSContext context = factory.createContext()) {
      for (Consumer<Message> properties : hostile) {
        Message message = context.createTextMessage("hostile");
        properties.accept(message);
        context.createProducer().send(context.createQueue("hostile"), message);
      }
    }
    Listener listener = app.bean(Listener.class);

    for (int i = 0; i < hostile.size(); i++) {
      listener.onMessage(receive("hostile"));
    }

    assertThat(listener.traceIds())
        .hasSize(hostile.size())
        .doesNotContain("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(spans(SpanKind.CONSUMER))
        .hasSize(hostile.size())
        .allSatisfy(
            span -> {
              assertThat(span).hasNoParent().hasName("process hostile");
              assertThat(span.getLinks()).isEmpty();
            });
  }

  @Test
  void aListenerThatThrowsEndsTheConsumerSpanWithErrorAndTheExceptionIsRethrownUnchanged()
      throws Exception {
    start();
    app.bean(Sender.class).sendText("failing", "boom");
    Listener listener = app.bean(Listener.class);
    IllegalStateException failure = new IllegalStateException("cannot process");
    listener.failWith(failure);

    Message received = receive("failing");
    assertThatThrownBy(() -> listener.onMessage(received)).isSameAs(failure);

    assertThat(spans(SpanKind.CONSUMER))
        .singleElement()
        .satisfies(
            span ->
                assertThat(span)
                    .hasStatus(StatusData.error())
                    .hasAttribute(
                        AttributeKey.stringKey("error.type"),
                        IllegalStateException.class.getName()));
  }

  @Test
  void tracedOnMessageIsAChildOfTheConsumerSpan() throws Exception {
    start();
    app.bean(Sender.class).sendText("traced", "hello");

    app.bean(TracedListener.class).onMessage(receive("traced"));

    SpanData consumer = spans(SpanKind.CONSUMER).get(0);
    assertThat(spans(SpanKind.INTERNAL))
        .singleElement()
        .satisfies(
            span -> assertThat(span).hasName("TracedListener.onMessage").hasParent(consumer));
    assertThat(consumer).hasParent(spans(SpanKind.PRODUCER).get(0));
  }

  @Test
  void aMessageDrivenBeanIsBoundThroughItsMessageDrivenAnnotationOnce() throws Exception {
    start();
    app.bean(Sender.class).sendText("mdb", "hello");

    app.bean(MessageDrivenListener.class).onMessage(receive("mdb"));

    assertThat(spans(SpanKind.CONSUMER))
        .singleElement()
        .satisfies(
            consumer ->
                assertThat(consumer)
                    .hasName("process mdb")
                    .hasParent(spans(SpanKind.PRODUCER).get(0)));
  }

  @Test
  void aTemporaryQueueIsNamedAsTheConventionsAsk() throws Exception {
    start();
    String queue = app.bean(Sender.class).sendToTemporaryQueue("reply");

    assertThat(spans(SpanKind.PRODUCER))
        .singleElement()
        .satisfies(
            span ->
                assertThat(span)
                    .hasName("send (temporary)")
                    .hasAttribute(Messaging.DESTINATION_TEMPORARY, true)
                    .hasAttribute(Messaging.DESTINATION, queue));
  }

  @Test
  void whenTracingIsOffInjectedJmsResourcesAreTheContainersOwn() throws Exception {
    app = TestApp.builder().beans(Resources.class, Sender.class, Listener.class).start();

    app.bean(Sender.class).sendText("off", "hello");

    assertThat(app.bean(Sender.class).connectionFactory()).isSameAs(factory);
    assertThat(receive("off").propertyExists("traceparent")).isFalse();
  }

  private static void set(Message message, String name, String value) {
    try {
      message.setStringProperty(name, value);
    } catch (JMSException e) {
      throw new IllegalStateException(e);
    }
  }
}
