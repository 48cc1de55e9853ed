package dev.tracery.it.app;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/quiet/{marker}}: the same, on a path LogCorrelationIT excludes from tracing. */
@Path("quiet")
public class QuietLogLinesResource {

  @GET
  @Path("{marker}")
  @Produces(MediaType.TEXT_PLAIN)
  public String log(@PathParam("marker") String marker) {
    return LogLines.log(marker);
  }
}
