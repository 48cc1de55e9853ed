package dev.tracery.sample;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The pricing service. It lives in the same WAR to keep the sample small, but is called over HTTP
 * like a separate service would be: its request is a SERVER span whose parent is the caller's
 * CLIENT span.
 */
@Path("/pricing")
@RequestScoped
public class PricingResource {

  @Inject PriceList prices;

  @GET
  @Path("/{item}")
  @Produces(MediaType.TEXT_PLAIN)
  public long price(@PathParam("item") String item) {
    return prices.unitPriceCents(item);
  }
}
