package dev.tracery.interceptors;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.semconv.ErrorAttributes;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

/**
 * How a span of a traced block ends, shared by {@link MethodTracing} ({@code @Traced},
 * {@code @WithSpan}) and the programmatic {@link dev.tracery.Spans}: so both record a failure the
 * same way and both end a span exactly once, after its scope is closed. Not for public use.
 */
public final class SpanEnd {

  private SpanEnd() {}

  /**
   * Marks a span failed: ERROR status, {@code error.type} (the exception's class) and an exception
   * event.
   */
  public static void recordFailure(Span span, Throwable failure) {
    span.setStatus(StatusCode.ERROR);
    span.setAttribute(ErrorAttributes.ERROR_TYPE, failure.getClass().getName());
    span.recordException(failure);
  }

  /** Ends a span whose block threw: records the failure when the span records, then ends it. */
  public static void endFailed(Span span, boolean recording, Throwable failure) {
    if (recording) {
      recordFailure(span, failure);
    }
    span.end();
  }

  /**
   * Ends a span whose block returned {@code result}: now, or, when {@code asyncResult} allows it,
   * the result is a {@link CompletionStage} and the span records, when that stage completes.
   */
  public static void endReturned(Span span, boolean recording, boolean asyncResult, Object result) {
    if (asyncResult && recording && result instanceof CompletionStage) {
      ((CompletionStage<?>) result).whenComplete(new EndOnCompletion(span));
    } else {
      span.end();
    }
  }

  /** Ends a span when the stage it belongs to completes; ERROR if it completes exceptionally. */
  private static final class EndOnCompletion implements BiConsumer<Object, Throwable> {
    private final Span span;

    EndOnCompletion(Span span) {
      this.span = span;
    }

    @Override
    public void accept(Object value, Throwable failure) {
      if (failure != null) {
        recordFailure(span, unwrap(failure));
      }
      span.end();
    }

    private static Throwable unwrap(Throwable failure) {
      Throwable cause = failure;
      while ((cause instanceof CompletionException || cause instanceof ExecutionException)
          && cause.getCause() != null) {
        cause = cause.getCause();
      }
      return cause;
    }
  }
}
