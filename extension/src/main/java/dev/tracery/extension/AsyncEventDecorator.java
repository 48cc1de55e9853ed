package dev.tracery.extension;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.Serializable;
import java.util.concurrent.CompletionStage;

/**
 * Decorates the container's injected {@code Event} so that {@code fireAsync} records the caller's trace
 * context for the asynchronous observers ({@link AsyncEvents}). Added by the extension only while
 * tracing is on. An {@code Event} obtained through {@code select(...)} is the container's own and is not
 * decorated.
 */
@Decorator
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 10)
public abstract class AsyncEventDecorator<T> implements Event<T>, Serializable {

  private static final long serialVersionUID = 1L;

  @Inject @Delegate @Any Event<T> delegate;

  // Transient: a decorator of the built-in Event bean must be passivation capable. A decorator read back
  // from a passivated session has none, and fires as the container does.
  @Inject transient AsyncEvents asyncEvents;

  @Override
  public <U extends T> CompletionStage<U> fireAsync(U event) {
    AsyncEvents events = asyncEvents;
    return events == null ? delegate.fireAsync(event) : events.fire(event, () -> delegate.fireAsync(event));
  }

  @Override
  public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
    AsyncEvents events = asyncEvents;
    return events == null
        ? delegate.fireAsync(event, options)
        : events.fire(event, () -> delegate.fireAsync(event, options));
  }
}
