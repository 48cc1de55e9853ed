package dev.tracery.it.mapped;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A request-scoped CDI resource whose methods fail with an exception the application maps. */
@Path("/stock")
@RequestScoped
public class StockResource {

  @GET
  @Path("/refuse")
  public String refuse() {
    throw new RefusedException("sold out");
  }

  @GET
  @Path("/refuse-later")
  public CompletionStage<String> refuseLater() {
    CompletableFuture<String> result = new CompletableFuture<>();
    CompletableFuture.runAsync(
        () -> result.completeExceptionally(new RefusedException("sold out later")));
    return result;
  }
}
