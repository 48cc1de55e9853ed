package dev.tracery.sample;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The order API: {@code POST /api/orders?item=book&quantity=2}, {@code GET /api/orders/{id}}. */
@Path("/orders")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

  @Inject OrderService orders;

  @POST
  public Response place(@QueryParam("item") String item, @QueryParam("quantity") Integer quantity) {
    Order order = orders.place(item == null ? "" : item, quantity == null ? 1 : quantity);
    return Response.status(Response.Status.CREATED).entity(order).build();
  }

  @GET
  @Path("/{id}")
  public Response find(@PathParam("id") String id) {
    return orders.find(id)
        .map(order -> Response.ok(order).build())
        .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).build());
  }
}
