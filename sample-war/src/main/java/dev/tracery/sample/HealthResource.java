package dev.tracery.sample;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A health check, excluded from tracing by tracery.http.server.excluded-paths: probes make no
 * spans.
 */
@Path("/health")
public class HealthResource {

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String health() {
    return "UP";
  }
}
