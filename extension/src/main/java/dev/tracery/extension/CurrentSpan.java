package dev.tracery.extension;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The injectable {@link Span}: every call acts on {@link Span#current()} at the moment of the call,
 * so a bean that injected it once always reaches the span of the request or method running now,
 * nested scopes included. Stateless, shared by the whole application.
 */
final class CurrentSpan implements Span {

  static final CurrentSpan INSTANCE = new CurrentSpan();

  private CurrentSpan() {}

  @Override
  public Span setAttribute(String key, String value) {
    Span.current().setAttribute(key, value);
    return this;
  }

  @Override
  public Span setAttribute(String key, long value) {
    Span.current().setAttribute(key, value);
    return this;
  }

  @Override
  public Span setAttribute(String key, double value) {
    Span.current().setAttribute(key, value);
    return this;
  }

  @Override
  public Span setAttribute(String key, boolean value) {
    Span.current().setAttribute(key, value);
    return this;
  }

  @Override
  public Span setAttribute(String key, Value<?> value) {
    Span.current().setAttribute(key, value);
    return this;
  }

  @Override
  public <T> Span setAttribute(AttributeKey<T> key, T value) {
    Span.current().setAttribute(key, value);
    return this;
  }

  @Override
  public Span setAttribute(AttributeKey<Long> key, int value) {
    Span.current().setAttribute(key, value);
    return this;
  }

  @Override
  public Span setAllAttributes(Attributes attributes) {
    Span.current().setAllAttributes(attributes);
    return this;
  }

  @Override
  public Span addEvent(String name) {
    Span.current().addEvent(name);
    return this;
  }

  @Override
  public Span addEvent(String name, long timestamp, TimeUnit unit) {
    Span.current().addEvent(name, timestamp, unit);
    return this;
  }

  @Override
  public Span addEvent(String name, Instant timestamp) {
    Span.current().addEvent(name, timestamp);
    return this;
  }

  @Override
  public Span addEvent(String name, Attributes attributes) {
    Span.current().addEvent(name, attributes);
    return this;
  }

  @Override
  public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
    Span.current().addEvent(name, attributes, timestamp, unit);
    return this;
  }

  @Override
  public Span addEvent(String name, Attributes attributes, Instant timestamp) {
    Span.current().addEvent(name, attributes, timestamp);
    return this;
  }

  @Override
  public Span setStatus(StatusCode statusCode) {
    Span.current().setStatus(statusCode);
    return this;
  }

  @Override
  public Span setStatus(StatusCode statusCode, String description) {
    Span.current().setStatus(statusCode, description);
    return this;
  }

  @Override
  public Span recordException(Throwable exception) {
    Span.current().recordException(exception);
    return this;
  }

  @Override
  public Span recordException(Throwable exception, Attributes additionalAttributes) {
    Span.current().recordException(exception, additionalAttributes);
    return this;
  }

  @Override
  public Span updateName(String name) {
    Span.current().updateName(name);
    return this;
  }

  @Override
  public Span addLink(SpanContext spanContext) {
    Span.current().addLink(spanContext);
    return this;
  }

  @Override
  public Span addLink(SpanContext spanContext, Attributes attributes) {
    Span.current().addLink(spanContext, attributes);
    return this;
  }

  @Override
  public void end() {
    Span.current().end();
  }

  @Override
  public void end(long timestamp, TimeUnit unit) {
    Span.current().end(timestamp, unit);
  }

  @Override
  public void end(Instant timestamp) {
    Span.current().end(timestamp);
  }

  @Override
  public SpanContext getSpanContext() {
    return Span.current().getSpanContext();
  }

  @Override
  public boolean isRecording() {
    return Span.current().isRecording();
  }

  @Override
  public Context storeInContext(Context context) {
    // Store the span that is current now, never this facade: a facade in a context would make
    // Span.current() return the facade and every call delegate to itself.
    return Span.current().storeInContext(context);
  }

  @Override
  public Scope makeCurrent() {
    return Span.current().makeCurrent();
  }

  @Override
  public String toString() {
    return "CurrentSpan{" + Span.current() + "}";
  }
}
