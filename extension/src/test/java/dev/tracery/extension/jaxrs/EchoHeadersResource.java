package dev.tracery.extension.jaxrs;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Shows which propagation headers an outgoing call carries: /echo/out calls /echo/in, which lists
 * them.
 */
@Path("/echo")
@Produces(MediaType.TEXT_PLAIN)
@RequestScoped
public class EchoHeadersResource {

  @Context UriInfo uriInfo;

  @GET
  @Path("/in")
  public String in(@Context HttpHeaders headers) {
    Map<String, String> seen = new TreeMap<>();
    for (String name :
        new String[] {
          "traceparent",
          "tracestate",
          "baggage",
          "b3",
          "X-B3-TraceId",
          "uber-trace-id",
          "x-test-trace"
        }) {
      String value = headers.getHeaderString(name);
      if (value != null) {
        seen.put(name.toLowerCase(), value);
      }
    }
    return seen.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("\n"));
  }

  @GET
  @Path("/out")
  public String out(@QueryParam("q") String ignored) {
    Client client = ClientBuilder.newClient();
    try {
      jakarta.ws.rs.client.WebTarget target = client.target(uriInfo.getBaseUri()).path("echo/in");
      // The incoming query, as sent, goes on to the downstream call (client-side query recording).
      String query = uriInfo.getRequestUri().getRawQuery();
      if (query != null) {
        target = client.target(target.getUri() + "?" + query + "#fragment=not-sent");
      }
      return target.request().get(String.class);
    } finally {
      client.close();
    }
  }
}
