package dev.tracery.extension.jaxrs;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** Calls other services; filled by the client tests. */
@Path("/checkout")
@RequestScoped
public class CheckoutResource {
  @GET
  public String nothing() {
    return "";
  }
}
