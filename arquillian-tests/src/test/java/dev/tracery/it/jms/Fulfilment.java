package dev.tracery.it.jms;

import dev.tracery.Traced;
import jakarta.enterprise.context.ApplicationScoped;

/** What the message-driven bean calls: a @Traced bean, so its span is the consumer's child. */
@ApplicationScoped
public class Fulfilment {

  @Traced
  public String fulfil(String body) {
    return "fulfilled " + body;
  }
}
