package dev.tracery.it.retry;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

@Path("/retry")
public class RetryResource {

  @Inject FlakyService service;

  @GET
  public String fetch(@QueryParam("what") String what) {
    return service.fetch(what);
  }
}
