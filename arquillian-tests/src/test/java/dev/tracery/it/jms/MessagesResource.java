package dev.tracery.it.jms;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

@Path("messages")
public class MessagesResource {

  @Inject Announcer announcer;

  @GET
  @Path("context")
  public String viaContext(@QueryParam("body") String body) {
    announcer.announce(body);
    return "sent";
  }

  @GET
  @Path("classic")
  public String viaConnectionFactory(@QueryParam("body") String body) throws Exception {
    announcer.announceClassic(body);
    return "sent";
  }
}
