package dev.tracery.sample;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import java.util.logging.Logger;

/**
 * Announces a placed order as a JMS message to {@link OrderListener}, through the container's
 * {@code JMSContext}: Tracery makes the send a PRODUCER span and carries the trace in the message, with
 * no code here. Where the server has no JMS broker (Payara Micro) the order is not announced, and that
 * is logged once.
 */
@ApplicationScoped
public class OrderAnnouncer {

  private static final Logger LOG = Logger.getLogger(OrderAnnouncer.class.getName());

  @Inject JMSContext context;

  @Resource(lookup = OrderListener.QUEUE)
  Queue queue;

  private volatile boolean warned;

  public void announce(Order order) {
    if (queue == null) {
      unavailable(null);
      return;
    }
    try {
      context.createProducer().setProperty("orderId", order.id()).send(queue, order.item() + " x" + order.quantity());
    } catch (JMSRuntimeException e) {
      unavailable(e);
    }
  }

  private void unavailable(RuntimeException e) {
    if (!warned) {
      warned = true;
      LOG.warning("No JMS broker here: placed orders are not announced to OrderListener (" + e + ")");
    }
  }
}
