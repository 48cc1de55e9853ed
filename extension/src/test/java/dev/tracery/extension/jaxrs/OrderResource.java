package dev.tracery.extension.jaxrs;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

@Path("/orders")
@Produces(MediaType.TEXT_PLAIN)
@RequestScoped
public class OrderResource {

  @Inject Inventory inventory;
  @Inject Baggage baggage;
  @Inject Workers workers;

  @GET
  @Path("/{id}")
  public String find(@PathParam("id") String id) {
    return "order " + id + " x" + inventory.count(id);
  }

  @GET
  @Path("/{id: [0-9]+}/price")
  public String price(@PathParam("id") String id) {
    return "42";
  }

  @POST
  public Response place() {
    return Response.status(Response.Status.CREATED).entity("placed").build();
  }

  /** What the request's baggage and span look like from inside the resource. */
  @GET
  @Path("/context")
  public String context() {
    return "customer="
        + baggage.getEntryValue("customer")
        + ";trace="
        + Span.current().getSpanContext().getTraceId();
  }

  @GET
  @Path("/conflict")
  public String conflict() {
    throw new ConflictException("already shipped");
  }

  @GET
  @Path("/broken")
  public String broken() {
    throw new IllegalStateException("database gone");
  }

  @GET
  @Path("/async/{id}")
  public void async(@PathParam("id") String id, @Suspended AsyncResponse response) {
    int count = inventory.count(id);
    workers
        .executor()
        .schedule(() -> response.resume("async " + id + " x" + count), 50, TimeUnit.MILLISECONDS);
  }

  @GET
  @Path("/stage/{id}")
  public CompletionStage<String> stage(@PathParam("id") String id) {
    int count = inventory.count(id);
    CompletableFuture<String> result = new CompletableFuture<>();
    workers
        .executor()
        .schedule(() -> result.complete("stage " + id + " x" + count), 50, TimeUnit.MILLISECONDS);
    return result;
  }

  @GET
  @Path("/stage-broken")
  public CompletionStage<String> stageBroken() {
    CompletableFuture<String> result = new CompletableFuture<>();
    workers
        .executor()
        .schedule(
            () -> result.completeExceptionally(new IllegalStateException("late failure")),
            50,
            TimeUnit.MILLISECONDS);
    return result;
  }

  @GET
  @Path("/stage-conflict")
  public CompletableFuture<String> stageConflict() {
    CompletableFuture<String> result = new CompletableFuture<>();
    workers
        .executor()
        .schedule(
            () -> result.completeExceptionally(new ConflictException("shipped meanwhile")),
            50,
            TimeUnit.MILLISECONDS);
    return result;
  }
}
