package dev.tracery.extension;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.inject.spi.EventContext;
import jakarta.enterprise.inject.spi.ObserverMethod;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Carries the trace context of the code that fires an asynchronous CDI event ({@code
 * Event.fireAsync}) to its {@code @ObservesAsync} observers, which the container notifies on
 * threads of its own. The firing side ({@link AsyncEventDecorator}) records the current context
 * against the event object until every observer has been notified; each asynchronous observer
 * method is wrapped by the extension ({@link #notify}) to make that context current while it runs.
 * Events are matched by identity, so an event object fired again while its first notification still
 * runs takes the later context. One instance per application, held by the extension; never static.
 */
final class AsyncEvents {

  private final Map<Object, Context> firing = Collections.synchronizedMap(new IdentityHashMap<>());

  /**
   * Fires through {@code fire} with the current context recorded for {@code event} until it
   * completes.
   */
  <T> CompletionStage<T> fire(T event, Supplier<CompletionStage<T>> fire) {
    Context context = Context.current();
    if (context == Context.root() || event == null) {
      return fire.get();
    }
    firing.put(event, context);
    CompletionStage<T> stage;
    try {
      stage = fire.get();
    } catch (RuntimeException | Error e) {
      firing.remove(event, context);
      throw e;
    }
    // The stage handed back completes only after the entry is gone, so nothing outlives the event.
    return stage.whenComplete((result, failure) -> firing.remove(event, context));
  }

  /** Notifies {@code observer} with the context its event was fired in, if one was recorded. */
  <T> void notify(ObserverMethod<T> observer, EventContext<T> eventContext) {
    Context context = firing.get(eventContext.getEvent());
    if (context == null) {
      observer.notify(eventContext);
      return;
    }
    try (Scope ignored = context.makeCurrent()) {
      observer.notify(eventContext);
    }
  }

  /** How many events are waiting for their observers (for tests: none once all have completed). */
  int pending() {
    return firing.size();
  }
}
