package dev.tracery.it.timer;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.concurrent.TimeUnit;

/** Calls the EJB asynchronous methods, traced and untraced, and waits for both. */
@Path("ejb-async")
@RequestScoped
public class EjbAsyncResource {

  @Inject EjbTasks ejb;

  @GET
  public String call() throws Exception {
    return ejb.traced().get(20, TimeUnit.SECONDS) + ", " + ejb.untraced().get(20, TimeUnit.SECONDS);
  }
}
