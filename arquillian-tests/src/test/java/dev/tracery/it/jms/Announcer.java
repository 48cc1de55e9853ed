package dev.tracery.it.jms;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Session;

/**
 * Sends as applications do, with no Tracery code: an injected JMSContext, or the default connection
 * factory.
 */
@ApplicationScoped
public class Announcer {

  @Inject JMSContext context;

  @Resource ConnectionFactory connectionFactory;

  @Resource(lookup = OrderListener.QUEUE)
  Queue queue;

  public void announce(String body) {
    context.createProducer().setProperty("source", "context").send(queue, body);
  }

  public void announceClassic(String body) throws JMSException {
    try (Connection connection = connectionFactory.createConnection();
        Session session = connection.createSession()) {
      session.createProducer(queue).send(session.createTextMessage(body));
    }
  }
}
