package dev.tracery.benchmarks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/orders")
@ApplicationScoped
public class OrderResource {
  @GET
  @Path("/{id}")
  @Produces(MediaType.TEXT_PLAIN)
  public String find(@PathParam("id") String id) {
    return id;
  }
}
