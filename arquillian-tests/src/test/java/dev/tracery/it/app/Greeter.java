package dev.tracery.it.app;

import dev.tracery.Traced;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import java.net.URI;

/** A traced bean that calls another endpoint through a plain JAX-RS client, as applications do. */
@ApplicationScoped
@Traced
public class Greeter {

  public String greet(@SpanAttribute("greeting.name") String name, URI api) {
    Client client = ClientBuilder.newClient();
    try {
      return client
          .target(api)
          .path("punctuation")
          .queryParam("sentence", "hello " + name)
          .request()
          .get(String.class);
    } finally {
      client.close();
    }
  }
}
