package dev.tracery.extension.jaxrs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The order API as a MicroProfile Rest Client sees it; its URL is config key shop-api/mp-rest/url.
 */
@RegisterRestClient(configKey = "shop-api")
@Path("/orders")
@Produces(MediaType.TEXT_PLAIN)
public interface ShopApi {

  @GET
  @Path("/{id}")
  String order(@PathParam("id") String id);

  @GET
  @Path("/{id}")
  CompletionStage<String> orderAsync(@PathParam("id") String id);
}
