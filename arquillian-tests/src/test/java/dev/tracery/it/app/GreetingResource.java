package dev.tracery.it.app;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

@Path("/greeting")
@RequestScoped
public class GreetingResource {

  @Inject Greeter greeter;

  @GET
  public String greet(@QueryParam("name") String name) {
    return greeter.greet(name == null ? "world" : name);
  }
}
