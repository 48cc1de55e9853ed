package dev.tracery.it.async;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Leaves the request thread in each of the ways an application does, with no tracing code. */
@Path("async")
@RequestScoped
public class AsyncResource {

  private static final long WAIT = 20;

  @Resource ManagedExecutorService executor;
  @Inject Worker worker;
  @Inject ConcurrencyTasks concurrency;
  @Inject Event<Parcel> parcels;

  @GET
  @Path("submit")
  public String submit() throws Exception {
    return executor.submit(() -> worker.work("submit")).get(WAIT, TimeUnit.SECONDS);
  }

  @GET
  @Path("completable-future")
  public String completableFuture() throws Exception {
    return CompletableFuture.supplyAsync(() -> worker.work("supply-async"), executor)
        .thenApplyAsync(result -> worker.work("then-apply-async"), executor)
        .get(WAIT, TimeUnit.SECONDS);
  }

  @GET
  @Path("managed-future")
  public String managedFuture() throws Exception {
    return executor
        .supplyAsync(() -> worker.work("managed-supply-async"))
        .thenApplyAsync(result -> worker.work("managed-then-apply-async"))
        .get(WAIT, TimeUnit.SECONDS);
  }

  @GET
  @Path("concurrency-async")
  public String concurrencyAsync() throws Exception {
    return concurrency.traced().get(WAIT, TimeUnit.SECONDS)
        + ", "
        + concurrency.untraced().get(WAIT, TimeUnit.SECONDS);
  }

  @GET
  @Path("fire-async")
  public String fireAsync() throws Exception {
    parcels.fireAsync(new Parcel("p-1")).toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
    return "delivered";
  }
}
