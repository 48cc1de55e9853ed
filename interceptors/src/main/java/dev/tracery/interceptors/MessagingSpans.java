package dev.tracery.interceptors;

import static dev.tracery.Messaging.DESTINATION;
import static dev.tracery.Messaging.DESTINATION_TEMPORARY;
import static dev.tracery.Messaging.MESSAGE_ID;
import static dev.tracery.Messaging.OPERATION_NAME;
import static dev.tracery.Messaging.OPERATION_TYPE;
import static dev.tracery.Messaging.SYSTEM;
import static dev.tracery.Messaging.UNKNOWN;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * How every messaging span of Tracery starts, shared by the public {@link dev.tracery.Messaging}
 * and the JMS tracing, so both name and attribute spans the same way (OpenTelemetry's messaging
 * semantic conventions). Not for public use.
 */
public final class MessagingSpans {

  private MessagingSpans() {}

  /**
   * Starts a span {@code "<operation> <destination>"} ({@code "<operation> (temporary)"} for a
   * temporary destination). A CONSUMER span's {@code parent} is the message's creation context,
   * which also becomes a link, as the conventions ask of a process span.
   */
  public static Span start(
      Tracer tracer,
      SpanKind kind,
      String operation,
      String system,
      String destination,
      boolean temporary,
      String messageId,
      Context parent) {
    boolean named = destination != null && !destination.isBlank();
    String spanName =
        temporary ? operation + " (temporary)" : named ? operation + " " + destination : operation;
    SpanBuilder builder = tracer.spanBuilder(spanName).setSpanKind(kind).setParent(parent);
    if (kind == SpanKind.CONSUMER) {
      SpanContext creation = Span.fromContext(parent).getSpanContext();
      if (creation.isValid()) {
        builder.addLink(creation);
      }
    }
    builder.setAttribute(SYSTEM, system == null ? UNKNOWN : system);
    if (named) {
      builder.setAttribute(DESTINATION, destination);
    }
    if (temporary) {
      builder.setAttribute(DESTINATION_TEMPORARY, true);
    }
    builder.setAttribute(OPERATION_TYPE, operation);
    builder.setAttribute(OPERATION_NAME, operation);
    if (messageId != null) {
      builder.setAttribute(MESSAGE_ID, messageId);
    }
    return builder.startSpan();
  }
}
