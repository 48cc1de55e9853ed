package dev.tracery.extension;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.Serializable;
import java.lang.annotation.Annotation;
import java.util.concurrent.CompletionStage;

/**
 * Decorates the container's injected {@code Event} so that {@code fireAsync} records the caller's
 * trace context for the asynchronous observers ({@link AsyncEvents}). Added by the extension only
 * while tracing is on. What {@code select(...)} returns does the same ({@link ContextEvent}).
 */
@Decorator
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 10)
public abstract class AsyncEventDecorator<T> implements Event<T>, Serializable {

  private static final long serialVersionUID = 1L;

  @Inject @Delegate @Any Event<T> delegate;

  // Transient: a decorator of the built-in Event bean must be passivation capable. A decorator read
  // back
  // from a passivated session has none, and fires as the container does.
  @Inject transient AsyncEvents asyncEvents;

  @Override
  public <U extends T> CompletionStage<U> fireAsync(U event) {
    AsyncEvents events = asyncEvents;
    return events == null
        ? delegate.fireAsync(event)
        : events.fire(event, () -> delegate.fireAsync(event));
  }

  @Override
  public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
    AsyncEvents events = asyncEvents;
    return events == null
        ? delegate.fireAsync(event, options)
        : events.fire(event, () -> delegate.fireAsync(event, options));
  }

  @Override
  public Event<T> select(Annotation... qualifiers) {
    AsyncEvents events = asyncEvents;
    Event<T> selected = delegate.select(qualifiers);
    return events == null ? selected : new ContextEvent<>(selected, events);
  }

  @Override
  public <U extends T> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
    AsyncEvents events = asyncEvents;
    Event<U> selected = delegate.select(subtype, qualifiers);
    return events == null ? selected : new ContextEvent<>(selected, events);
  }

  @Override
  public <U extends T> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
    AsyncEvents events = asyncEvents;
    Event<U> selected = delegate.select(subtype, qualifiers);
    return events == null ? selected : new ContextEvent<>(selected, events);
  }
}
