package dev.tracery.it.app;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

@Path("/greeting")
@RequestScoped
public class GreetingResource {

  @Inject Greeter greeter;

  @GET
  @Path("/rx")
  public String greetRx(@QueryParam("name") String name, @Context UriInfo uriInfo)
      throws Exception {
    return greeter.greetRx(name == null ? "world" : name, uriInfo.getBaseUri());
  }

  @GET
  public String greet(@QueryParam("name") String name, @Context UriInfo uriInfo) {
    return greeter.greet(name == null ? "world" : name, uriInfo.getBaseUri());
  }
}
