package dev.tracery.sample;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.concurrent.CompletionStage;

/**
 * The order API.
 *
 * <ul>
 *   <li>{@code POST /api/orders?item=book&quantity=2}: prices the order with the pricing service
 *       (an HTTP call) and stores it;
 *   <li>{@code GET /api/orders/{id}}: finds one;
 *   <li>{@code GET /api/orders/{id}/shipping}: estimates delivery asynchronously;
 *   <li>{@code POST /api/orders?item=}: fails (no item), as a broken request would.
 * </ul>
 */
@Path("/orders")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

  @Inject OrderService orders;
  @Inject ShippingService shipping;
  @Context UriInfo uriInfo;

  @POST
  public Response place(@QueryParam("item") String item, @QueryParam("quantity") Integer quantity) {
    Order order = orders.place(uriInfo.getBaseUri(), item, quantity == null ? 1 : quantity);
    return Response.status(Response.Status.CREATED).entity(order).build();
  }

  @GET
  @Path("/{id}")
  public Order find(@PathParam("id") String id) {
    return orders.find(id).orElseThrow(() -> new NotFoundException("No order " + id));
  }

  @GET
  @Path("/{id}/shipping")
  @Produces(MediaType.TEXT_PLAIN)
  public CompletionStage<String> shipping(@PathParam("id") String id) {
    return shipping.estimate(find(id));
  }
}
