package dev.tracery.sample;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Announces a placed order as a JMS message to {@link OrderListener}, through the container's
 * {@code JMSContext}: Tracery makes the send a PRODUCER span and carries the trace in the message,
 * with no code here. Where the server has no JMS broker (Payara Micro) the order is not announced,
 * and that is logged once.
 */
@ApplicationScoped
public class OrderAnnouncer {

  private static final Logger LOG = Logger.getLogger(OrderAnnouncer.class.getName());

  @Inject JMSContext context;

  private volatile Queue queue;
  private volatile boolean warned;

  public void announce(Order order) {
    try {
      context
          .createProducer()
          .setProperty("orderId", order.id())
          .send(queue(), order.item() + " x" + order.quantity());
    } catch (NamingException | RuntimeException e) {
      // Looked up on first use rather than injected: where there is no broker the order is still
      // placed.
      unavailable(e);
    }
  }

  private Queue queue() throws NamingException {
    Queue found = queue;
    if (found == null) {
      found = InitialContext.doLookup(OrderListener.QUEUE);
      queue = found;
    }
    return found;
  }

  private void unavailable(Exception e) {
    if (!warned) {
      warned = true;
      LOG.warning(
          "No JMS broker here: placed orders are not announced to OrderListener (" + e + ")");
    }
  }
}
