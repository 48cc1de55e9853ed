package dev.tracery.it.app;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/** Calls {@link Salutation}, which only {@code bean-discovery-mode="all"} makes a bean. */
@Path("/salutation")
@RequestScoped
public class SalutationResource {

  @Inject Salutation salutation;

  @GET
  public String salute(@QueryParam("name") String name) {
    return salutation.salute(name);
  }
}
