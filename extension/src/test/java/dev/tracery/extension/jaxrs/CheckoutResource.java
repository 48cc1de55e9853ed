package dev.tracery.extension.jaxrs;

import io.opentelemetry.api.trace.Span;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Calls the order API the ways applications do: JAX-RS client sync, async() and rx(), MP Rest
 * Client.
 */
@Path("/checkout")
@Produces(MediaType.TEXT_PLAIN)
@RequestScoped
public class CheckoutResource {

  @Context UriInfo uriInfo;
  @Inject @RestClient ShopApi shopApi;

  private <T> T withClient(java.util.function.Function<Client, T> call) {
    Client client = ClientBuilder.newClient();
    try {
      return call.apply(client);
    } finally {
      client.close();
    }
  }

  private URI orders() {
    return uriInfo.getBaseUri().resolve("orders/");
  }

  @GET
  @Path("/sync/{id}")
  public String sync(@PathParam("id") String id) {
    return withClient(client -> client.target(orders()).path(id).request().get(String.class));
  }

  @GET
  @Path("/async/{id}")
  public String async(@PathParam("id") String id) throws Exception {
    Client client = ClientBuilder.newClient();
    try {
      return client
          .target(orders())
          .path(id)
          .request()
          .async()
          .get(String.class)
          .get(10, TimeUnit.SECONDS);
    } finally {
      client.close();
    }
  }

  @GET
  @Path("/rx/{id}")
  public String rx(@PathParam("id") String id) throws Exception {
    Client client = ClientBuilder.newClient();
    try {
      return client
          .target(orders())
          .path(id)
          .request()
          .rx()
          .get(String.class)
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } finally {
      client.close();
    }
  }

  @GET
  @Path("/mp/{id}")
  public String mp(@PathParam("id") String id) {
    return shopApi.order(id);
  }

  @GET
  @Path("/mp-async/{id}")
  public String mpAsync(@PathParam("id") String id) throws Exception {
    return shopApi.orderAsync(id).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A 409 from downstream, returned as this service's 409. */
  @GET
  @Path("/conflict")
  public Response conflict() {
    return withClient(
        client -> {
          Response downstream = client.target(orders()).path("conflict").request().get();
          int status = downstream.getStatus();
          downstream.close();
          return Response.status(status).entity("downstream said " + status).build();
        });
  }

  /** Credentials and a token in the URL: neither may reach a span. */
  @GET
  @Path("/secret")
  public String secret() {
    URI base = orders();
    URI withSecrets =
        URI.create(
            base.getScheme()
                + "://alice:pa55@"
                + base.getAuthority()
                + base.getPath()
                + "7?token=abc&item=book");
    return withClient(client -> client.target(withSecrets).request().get(String.class));
  }

  /**
   * A connection refused: the caller sees the failure; the span current afterwards is still ours.
   */
  @GET
  @Path("/refused")
  public String refused() {
    String before = Span.current().getSpanContext().getSpanId();
    String outcome =
        withClient(
            client -> {
              try {
                client.target("http://127.0.0.1:1/nothing").request().get(String.class);
                return "answered";
              } catch (ProcessingException e) {
                return "refused";
              }
            });
    return outcome
        + ";current-unchanged="
        + before.equals(Span.current().getSpanContext().getSpanId());
  }
}
