package dev.tracery.extension.jaxrs;

import io.opentelemetry.context.Context;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** One worker thread for asynchronous resources, so tests can look at what it is left with. */
@ApplicationScoped
public class Workers {
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "shop-async");
            thread.setDaemon(true);
            return thread;
          });

  public ScheduledExecutorService executor() {
    return executor;
  }

  /** Whether the worker thread has no OpenTelemetry context current (nothing leaked onto it). */
  public boolean workerContextIsClean() throws Exception {
    return executor.submit(() -> Context.current() == Context.root()).get(10, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }
}
