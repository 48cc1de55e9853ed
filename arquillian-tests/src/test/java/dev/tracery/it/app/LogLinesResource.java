package dev.tracery.it.app;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /api/logs/{marker}}: a traced request whose application code logs (see {@link LogLines}).
 */
@Path("logs")
public class LogLinesResource {

  @GET
  @Path("{marker}")
  @Produces(MediaType.TEXT_PLAIN)
  public String log(@PathParam("marker") String marker) {
    return LogLines.log(marker);
  }
}
