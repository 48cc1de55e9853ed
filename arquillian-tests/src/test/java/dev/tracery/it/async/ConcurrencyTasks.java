package dev.tracery.it.async;

import dev.tracery.Traced;
import jakarta.enterprise.concurrent.Asynchronous;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;

/** A Jakarta Concurrency 3 asynchronous method on a CDI bean, traced and untraced. */
@ApplicationScoped
public class ConcurrencyTasks {

  @Inject Worker worker;

  @Asynchronous
  @Traced
  public CompletableFuture<String> traced() {
    return Asynchronous.Result.complete(worker.work("concurrency-async-traced"));
  }

  @Asynchronous
  public CompletableFuture<String> untraced() {
    return Asynchronous.Result.complete(worker.work("concurrency-async"));
  }
}
