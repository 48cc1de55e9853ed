package dev.tracery.sample;

import dev.tracery.Traced;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Estimates delivery on the server's managed executor: the asynchronous path. The method's span
 * ends when the returned stage completes, not when the method returns. No tracing code is needed to
 * hand the work over: the managed executor carries the trace to its thread (Tracery's Jakarta
 * Concurrency thread context), so the carrier's span is a child of this one.
 */
@ApplicationScoped
public class ShippingService {

  @Resource ManagedExecutorService executor;
  @Inject Carrier carrier;

  @Traced(operationName = "shipping.estimate")
  public CompletionStage<String> estimate(Order order) {
    return CompletableFuture.supplyAsync(() -> carrier.daysFor(order), executor)
        .thenApply(days -> "order " + order.id() + " ships in " + days + " day(s)");
  }
}
