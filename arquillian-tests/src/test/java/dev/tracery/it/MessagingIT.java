package dev.tracery.it;

import static dev.tracery.it.ReceivedSpans.find;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.it.jms.Announcer;
import dev.tracery.it.jms.Fulfilment;
import dev.tracery.it.jms.MessagesResource;
import dev.tracery.it.jms.OrderListener;
import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Jakarta Messaging on the server's own broker (WildFly standalone-full.xml: ActiveMQ Artemis;
 * Payara Server: OpenMQ, embedded), with no Tracery code in the application: a request that sends a
 * message through an injected JMSContext, or through the default connection factory, and the
 * message-driven bean that consumes it are one trace at the test's OTLP endpoint; the MDB's @Traced
 * onMessage and the @Traced bean it calls are children of the CONSUMER span.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
// A message-driven bean needs a broker: not on WildFly's standalone.xml or
// standalone-microprofile.xml.
@DisabledIfSystemProperty(named = "tracery.server", matches = "wildfly|wildfly-mp|wildfly-agent")
class MessagingIT {

  static final OtlpReceiver RECEIVER = OtlpReceiver.start();

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.tracedWar("messaging", Deployments.exportingTo(RECEIVER, "messaging"))
        .addClasses(Announcer.class, Fulfilment.class, MessagesResource.class, OrderListener.class);
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  @ArquillianResource URL base;

  private void sendAndFollow(String path, String body) throws Exception {
    assertThat(Http.getOk(base, path + "?body=" + body)).isEqualTo("sent");

    List<ReceivedSpan> spans =
        RECEIVER.await(
            Duration.ofSeconds(30),
            s ->
                s.stream().anyMatch(span -> span.name().equals("GET /" + path))
                    && s.stream()
                        .anyMatch(
                            span ->
                                span.name().equals("Fulfilment.fulfil")
                                    && s.stream()
                                        .anyMatch(
                                            server ->
                                                server.name().equals("GET /" + path)
                                                    && server.traceId().equals(span.traceId()))),
            "the spans of GET /" + path + " and of its message's consumer");
    ReceivedSpan server = find(spans, s -> s.name().equals("GET /" + path), "server span");
    ReceivedSpan producer =
        find(
            spans,
            s -> s.kind().equals("PRODUCER") && s.traceId().equals(server.traceId()),
            "PRODUCER span in the request's trace");
    ReceivedSpan consumer =
        find(
            spans,
            s -> s.kind().equals("CONSUMER") && s.isChildOf(producer),
            "CONSUMER span under the producer");
    ReceivedSpan onMessage =
        find(
            spans,
            s -> s.name().equals("OrderListener.onMessage") && s.isChildOf(consumer),
            "@Traced onMessage under the consumer");
    find(
        spans,
        s -> s.name().equals("Fulfilment.fulfil") && s.isChildOf(onMessage),
        "@Traced bean under onMessage");

    assertThat(producer.name()).isEqualTo("send " + OrderListener.QUEUE_NAME);
    assertThat(producer.attributes())
        .containsEntry("messaging.system", "jms")
        .containsEntry("messaging.destination.name", OrderListener.QUEUE_NAME)
        .containsEntry("messaging.operation.type", "send")
        .containsEntry("messaging.operation.name", "send")
        .containsKey("messaging.message.id");
    assertThat(consumer.name()).isEqualTo("process " + OrderListener.QUEUE_NAME);
    assertThat(consumer.attributes())
        .containsEntry("messaging.system", "jms")
        .containsEntry("messaging.destination.name", OrderListener.QUEUE_NAME)
        .containsEntry("messaging.operation.type", "process")
        .containsEntry("messaging.message.id", producer.attribute("messaging.message.id"));
  }

  @Test
  void aMessageSentThroughAnInjectedJmsContextAndItsMessageDrivenBeanAreOneTrace()
      throws Exception {
    sendAndFollow("api/messages/context", "book");
  }

  @Test
  void aMessageSentThroughTheDefaultConnectionFactoryAndItsMessageDrivenBeanAreOneTrace()
      throws Exception {
    sendAndFollow("api/messages/classic", "pen");
  }
}
