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

  /** The same call through rx(): the client runs on the JAX-RS runtime's own threads. */
  public String greetRx(@SpanAttribute("greeting.name") String name, URI api) throws Exception {
    Client client = ClientBuilder.newClient();
    try {
      return client
          .target(api)
          .path("punctuation")
          .queryParam("sentence", "hi " + name)
          .request()
          .rx()
          .get(String.class)
          .toCompletableFuture()
          .get(30, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      client.close();
    }
  }

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
