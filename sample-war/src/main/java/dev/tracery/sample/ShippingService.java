package dev.tracery.sample;

import dev.tracery.Traced;
import io.opentelemetry.context.Context;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Estimates delivery on the server's managed executor: the asynchronous path. The method's span ends
 * when the returned stage completes, not when the method returns; {@code Context.taskWrapping} carries
 * the trace onto the executor's thread.
 */
@ApplicationScoped
public class ShippingService {

  @Resource ManagedExecutorService executor;

  @Traced(operationName = "shipping.estimate")
  public CompletionStage<String> estimate(Order order) {
    Executor traced = Context.taskWrapping(executor);
    return CompletableFuture.supplyAsync(() -> daysFor(order), traced)
        .thenApply(days -> "order " + order.id() + " ships in " + days + " day(s)");
  }

  private static int daysFor(Order order) {
    return 1 + order.quantity() % 3;
  }
}
