package dev.tracery.sample;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSDestinationDefinition;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.util.logging.Logger;

/**
 * Receives the announcement of each placed order. Tracery makes {@code onMessage} a CONSUMER span
 * in the trace of the request that placed the order; the {@code @Traced} bean it calls is its
 * child.
 */
@JMSDestinationDefinition(
    name = OrderListener.QUEUE,
    interfaceName = "jakarta.jms.Queue",
    destinationName = "TracerySampleOrders")
@MessageDriven(
    activationConfig = {
      @ActivationConfigProperty(
          propertyName = "destinationLookup",
          propertyValue = OrderListener.QUEUE),
      @ActivationConfigProperty(
          propertyName = "destinationType",
          propertyValue = "jakarta.jms.Queue")
    })
public class OrderListener implements MessageListener {

  static final String QUEUE = "java:global/jms/TracerySampleOrders";

  private static final Logger LOG = Logger.getLogger(OrderListener.class.getName());

  @Inject Warehouse warehouse;

  @Override
  public void onMessage(Message message) {
    try {
      String order = ((TextMessage) message).getText();
      LOG.info("Order announced: " + order + " (id " + message.getStringProperty("orderId") + ")");
      warehouse.reserve(message.getStringProperty("orderId"));
    } catch (JMSException e) {
      LOG.warning("Unreadable order announcement: " + e);
    }
  }
}
