package dev.tracery.extension.jaxrs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * One resource method inherited by two resources, {@link Books} and {@link Films}, each with its
 * own route.
 */
public abstract class CatalogResource {

  @GET
  @Path("{id}")
  @Produces(MediaType.TEXT_PLAIN)
  public String find(@PathParam("id") String id) {
    return id;
  }

  @Path("books")
  public static class Books extends CatalogResource {}

  @Path("films")
  public static class Films extends CatalogResource {}
}
