package dev.tracery.sample;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pricing service. It lives in the same WAR to keep the sample small, but is called over HTTP
 * like a separate service would be: its request is a SERVER span whose parent is the caller's
 * CLIENT span. The item {@code flaky} shows a service that fails now and then: every other request
 * for it answers 503, so the order's trace shows the client's retry.
 */
@Path("/pricing")
@RequestScoped
public class PricingResource {

  static final String FLAKY = "flaky";
  private static final AtomicLong FLAKY_CALLS = new AtomicLong();

  @Inject PriceList prices;

  @GET
  @Path("/{item}")
  @Produces(MediaType.TEXT_PLAIN)
  public long price(@PathParam("item") String item) {
    if (FLAKY.equals(item) && FLAKY_CALLS.incrementAndGet() % 2 == 1) {
      throw new ServiceUnavailableException("pricing is busy, try again");
    }
    return prices.unitPriceCents(item);
  }
}
