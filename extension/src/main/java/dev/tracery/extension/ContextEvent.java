package dev.tracery.extension;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.util.concurrent.CompletionStage;

/**
 * An {@code Event} that {@code select(...)} returned from a decorated one: it fires as the
 * container's does and records the caller's trace context for asynchronous observers ({@link
 * AsyncEvents}), so {@code event.select(qualifier).fireAsync(...)} behaves like {@code
 * event.fireAsync(...)}.
 */
final class ContextEvent<T> implements Event<T> {

  private final Event<T> delegate;
  private final AsyncEvents asyncEvents;

  ContextEvent(Event<T> delegate, AsyncEvents asyncEvents) {
    this.delegate = delegate;
    this.asyncEvents = asyncEvents;
  }

  @Override
  public void fire(T event) {
    delegate.fire(event);
  }

  @Override
  public <U extends T> CompletionStage<U> fireAsync(U event) {
    return asyncEvents.fire(event, () -> delegate.fireAsync(event));
  }

  @Override
  public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
    return asyncEvents.fire(event, () -> delegate.fireAsync(event, options));
  }

  @Override
  public Event<T> select(Annotation... qualifiers) {
    return new ContextEvent<>(delegate.select(qualifiers), asyncEvents);
  }

  @Override
  public <U extends T> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
    return new ContextEvent<>(delegate.select(subtype, qualifiers), asyncEvents);
  }

  @Override
  public <U extends T> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
    return new ContextEvent<>(delegate.select(subtype, qualifiers), asyncEvents);
  }
}
