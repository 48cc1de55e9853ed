package dev.tracery.it.jms;

import dev.tracery.Traced;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSDestinationDefinition;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;

/** A message-driven bean on the server's own broker; its onMessage is also @Traced. */
@JMSDestinationDefinition(
    name = OrderListener.QUEUE,
    interfaceName = "jakarta.jms.Queue",
    destinationName = OrderListener.QUEUE_NAME)
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

  public static final String QUEUE = "java:global/jms/TraceryITOrders";
  public static final String QUEUE_NAME = "TraceryITOrders";

  @Inject Fulfilment fulfilment;

  @Override
  @Traced
  public void onMessage(Message message) {
    try {
      fulfilment.fulfil(((TextMessage) message).getText());
    } catch (JMSException e) {
      throw new IllegalStateException(e);
    }
  }
}
