package dev.tracery;

import dev.tracery.interceptors.SpanEnd;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Scope;
import io.opentelemetry.semconv.ErrorAttributes;
import jakarta.enterprise.inject.spi.CDI;
import java.util.Map;

/**
 * Programmatic spans: runs a block of code in a named span, for code that cannot carry {@link
 * Traced}. Inject it ({@code @Inject Spans spans}) in any CDI bean; code outside CDI gets the
 * application's instance from {@link #get()}.
 *
 * <p>A block run by {@link #run run} or {@link #call call} has exactly {@code @Traced}'s semantics
 * (the same code ends both): the span is a child of the span current at the call and is current
 * inside the block; it ends exactly once, after its scope is closed; when the block throws, the
 * span gets ERROR status, {@code error.type} (the exception's class name) and an exception event,
 * and the exception is rethrown unchanged; when the block returns a {@link
 * java.util.concurrent.CompletionStage} (and the span records), the span ends when that stage
 * completes, with ERROR if it completes exceptionally. {@link #retry retry} runs an operation as
 * one span with one child span per attempt.
 *
 * <p><b>Cost.</b> When tracing is off, the injected instance is {@link #noop()}: it runs the block
 * and nothing else (no span, no allocation). When the span is not sampled, it costs what
 * {@code @Traced} costs: attributes are read only when the span records.
 *
 * <p><b>Bad input never stops the block.</b> Nothing here throws because of its arguments:
 *
 * <ul>
 *   <li>a {@code null} or blank span or event name is replaced by {@value #UNNAMED};
 *   <li>a {@code null} kind means {@link SpanKind#INTERNAL};
 *   <li>a {@code null} attribute map, and entries with a {@code null} or blank key or a {@code
 *       null} value, are skipped;
 *   <li>attribute values are recorded typed: {@code String}, {@code Boolean}, {@code Long}/{@code
 *       Integer}/ {@code Short}/{@code Byte} (as a long), {@code Double}/{@code Float} (as a
 *       double); anything else as its {@code toString()}, and a value whose {@code toString()}
 *       throws is skipped;
 *   <li>string values longer than {@value #MAX_VALUE_LENGTH} characters are cut to that length;
 *   <li>a {@code null} block is nothing to run: no span, {@code call} returns {@code null};
 *   <li>a {@code null} retry policy means {@link RetryPolicy#defaults()}.
 * </ul>
 *
 * <p>Thread-safe and stateless apart from the application's tracer: one instance serves the whole
 * application, from any thread.
 */
public final class Spans {

  /** The instrumentation scope of programmatic spans. */
  public static final String INSTRUMENTATION_NAME = "dev.tracery.spans";

  /** The name a span or event gets when the given one is {@code null} or blank. */
  public static final String UNNAMED = "unnamed";

  /** The longest string attribute value recorded, in UTF-16 characters; longer ones are cut. */
  public static final int MAX_VALUE_LENGTH = 4096;

  /** On a retry's attempt spans: the attempt's number, 1 for the first (long). */
  public static final AttributeKey<Long> RETRY_ATTEMPT =
      AttributeKey.longKey("tracery.retry.attempt");

  /**
   * On a retry's attempt spans and on the operation's span: {@code "success"} or {@code "failure"}
   * (string). An attempt's failure is also recorded as ERROR status, {@code error.type} and an
   * exception event.
   */
  public static final AttributeKey<String> RETRY_OUTCOME =
      AttributeKey.stringKey("tracery.retry.outcome");

  /**
   * On a failed attempt followed by another: the wait before the next attempt, in milliseconds
   * (long).
   */
  public static final AttributeKey<Long> RETRY_DELAY =
      AttributeKey.longKey("tracery.retry.delay_ms");

  /** On the operation's span of a retry: how many attempts were made (long). */
  public static final AttributeKey<Long> RETRY_ATTEMPTS =
      AttributeKey.longKey("tracery.retry.attempts");

  /** A block of code without a result. */
  @FunctionalInterface
  public interface Block<E extends Throwable> {
    void run() throws E;
  }

  /** A block of code with a result. */
  @FunctionalInterface
  public interface Call<T, E extends Throwable> {
    T call() throws E;
  }

  /** One attempt of a retried operation; {@code attempt} is 1 for the first. */
  @FunctionalInterface
  public interface Attempt<T, E extends Throwable> {
    T call(int attempt) throws E;
  }

  private static final Spans NOOP = new Spans(null);

  /** {@code null} when tracing is off: then no method does any span work. */
  private final Tracer tracer;

  private Spans(Tracer tracer) {
    this.tracer = tracer;
  }

  /**
   * Spans made with {@code openTelemetry}'s tracer provider; the {@link #noop()} instance if it is
   * {@code null} or OpenTelemetry's no-op. Tracery's CDI extension provides the application's
   * instance; this is for code that builds its own {@link OpenTelemetry}.
   */
  public static Spans create(OpenTelemetry openTelemetry) {
    if (openTelemetry == null || openTelemetry.getTracerProvider() == TracerProvider.noop()) {
      return NOOP;
    }
    var builder = openTelemetry.getTracerProvider().tracerBuilder(INSTRUMENTATION_NAME);
    String version = Spans.class.getPackage().getImplementationVersion();
    if (version != null) {
      builder.setInstrumentationVersion(version);
    }
    return new Spans(builder.build());
  }

  /**
   * The instance that runs blocks and does nothing else: what the application gets when tracing is
   * off.
   */
  public static Spans noop() {
    return NOOP;
  }

  /**
   * The application's instance, for code outside CDI (a static helper, an object the application
   * creates with {@code new}): the {@code Spans} bean of the current CDI container, found through
   * {@link CDI#current()}, which costs a lookup; keep the result in a field where the call is
   * frequent. Returns {@link #noop()}, never throws, when no container or no Tracery is there.
   */
  public static Spans get() {
    try {
      return CDI.current().select(Spans.class).get();
    } catch (RuntimeException | LinkageError noContainer) {
      return NOOP;
    }
  }

  /** Whether this instance makes spans at all ({@code false} for {@link #noop()}). */
  public boolean isEnabled() {
    return tracer != null;
  }

  /** Runs {@code block} in an INTERNAL span named {@code name}. */
  public <E extends Throwable> void run(String name, Block<E> block) throws E {
    run(name, SpanKind.INTERNAL, null, block);
  }

  /** Runs {@code block} in a span named {@code name} of {@code kind} with {@code attributes}. */
  public <E extends Throwable> void run(
      String name, SpanKind kind, Map<String, ?> attributes, Block<E> block) throws E {
    if (block == null) {
      return;
    }
    if (tracer == null) {
      block.run();
      return;
    }
    Span span = start(name, kind, attributes);
    boolean recording = span.isRecording();
    try (Scope ignored = span.makeCurrent()) {
      block.run();
    } catch (Throwable failure) {
      SpanEnd.endFailed(span, recording, failure);
      throw failure;
    }
    span.end();
  }

  /** Calls {@code call} in an INTERNAL span named {@code name} and returns its result. */
  public <T, E extends Throwable> T call(String name, Call<T, E> call) throws E {
    return call(name, SpanKind.INTERNAL, null, call);
  }

  /**
   * Calls {@code call} in a span named {@code name} of {@code kind} with {@code attributes} and
   * returns its result; a {@link java.util.concurrent.CompletionStage} result ends the span when it
   * completes.
   */
  public <T, E extends Throwable> T call(
      String name, SpanKind kind, Map<String, ?> attributes, Call<T, E> call) throws E {
    if (call == null) {
      return null;
    }
    if (tracer == null) {
      return call.call();
    }
    Span span = start(name, kind, attributes);
    boolean recording = span.isRecording();
    T result;
    try (Scope ignored = span.makeCurrent()) {
      result = call.call();
    } catch (Throwable failure) {
      SpanEnd.endFailed(span, recording, failure);
      throw failure;
    }
    SpanEnd.endReturned(span, recording, true, result);
    return result;
  }

  /**
   * {@link #retry(String, SpanKind, Map, RetryPolicy, Attempt)} with an INTERNAL span and no
   * attributes.
   */
  public <T, E extends Throwable> T retry(String name, RetryPolicy policy, Attempt<T, E> attempt)
      throws E {
    return retry(name, SpanKind.INTERNAL, null, policy, attempt);
  }

  /**
   * Runs an operation with retries: up to {@link RetryPolicy#maxAttempts()} attempts, waiting as
   * the policy says after each failure it {@link RetryPolicy#retries retries}, and returns the
   * first successful attempt's result or rethrows the last failure unchanged. The wait runs on the
   * calling thread; if the thread is interrupted (while waiting, or an attempt throws {@link
   * InterruptedException}), no further attempt is made, the interrupt flag is kept and the last
   * failure is rethrown. Attempts are synchronous: a {@code CompletionStage} result counts as
   * success when returned.
   *
   * <p>Traced as one span named {@code name} (of {@code kind}, with {@code attributes}) for the
   * operation, carrying {@link #RETRY_ATTEMPTS} and {@link #RETRY_OUTCOME} and, when the last
   * attempt failed, ERROR status and {@code error.type}; and one INTERNAL child span per attempt,
   * also named {@code name}, carrying {@link #RETRY_ATTEMPT}, {@link #RETRY_OUTCOME}, {@link
   * #RETRY_DELAY} when another attempt follows, and its failure. The attempt's span is current
   * inside the attempt. When the operation's span is not sampled, no attempt span is made.
   */
  public <T, E extends Throwable> T retry(
      String name,
      SpanKind kind,
      Map<String, ?> attributes,
      RetryPolicy policy,
      Attempt<T, E> attempt)
      throws E {
    if (attempt == null) {
      return null;
    }
    RetryPolicy retry = policy != null ? policy : RetryPolicy.defaults();
    if (tracer == null) {
      return attempts(retry, attempt, null, null);
    }
    Span span = start(name, kind, attributes);
    boolean recording = span.isRecording();
    T result;
    try (Scope ignored = span.makeCurrent()) {
      result = attempts(retry, attempt, recording ? span : null, recording ? nameOr(name) : null);
    } catch (Throwable failure) {
      if (recording) {
        span.setAttribute(RETRY_OUTCOME, "failure");
      }
      SpanEnd.endFailed(span, recording, failure);
      throw failure;
    }
    if (recording) {
      span.setAttribute(RETRY_OUTCOME, "success");
    }
    span.end();
    return result;
  }

  /** The attempts; {@code operation} is the recording operation span, or {@code null} for none. */
  private <T, E extends Throwable> T attempts(
      RetryPolicy policy, Attempt<T, E> attempt, Span operation, String name) throws E {
    for (int n = 1; ; n++) {
      Span span = operation != null ? tracer.spanBuilder(name).startSpan() : null;
      if (span != null) {
        span.setAttribute(RETRY_ATTEMPT, n);
      }
      T result;
      try (Scope ignored = span != null ? span.makeCurrent() : Scope.noop()) {
        result = attempt.call(n);
      } catch (Throwable failure) {
        boolean again =
            n < policy.maxAttempts()
                && policy.retries(failure)
                && !(failure instanceof InterruptedException)
                && !Thread.currentThread().isInterrupted();
        long delay = again ? policy.delayMillis(n) : 0;
        if (span != null) {
          span.setAttribute(RETRY_OUTCOME, "failure");
          if (again) {
            span.setAttribute(RETRY_DELAY, delay);
          }
          SpanEnd.endFailed(span, true, failure);
        }
        if (!again) {
          attemptsMade(operation, n);
          throw failure;
        }
        try {
          policy.sleep(delay);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          attemptsMade(operation, n);
          throw failure;
        }
        continue;
      }
      if (span != null) {
        span.setAttribute(RETRY_OUTCOME, "success");
        span.end();
      }
      attemptsMade(operation, n);
      return result;
    }
  }

  private static void attemptsMade(Span operation, int attempts) {
    if (operation != null) {
      operation.setAttribute(RETRY_ATTEMPTS, attempts);
    }
  }

  /**
   * Adds an event named {@code name} to the current span, with {@code attributes} ({@code null} for
   * none). Nothing happens when no span is current or tracing is off.
   */
  public void addEvent(String name, Map<String, ?> attributes) {
    if (tracer == null) {
      return;
    }
    Span span = Span.current();
    if (!span.isRecording()) {
      return;
    }
    if (attributes == null || attributes.isEmpty()) {
      span.addEvent(nameOr(name));
    } else {
      span.addEvent(nameOr(name), attributes(attributes));
    }
  }

  /** Adds an event named {@code name} without attributes to the current span. */
  public void addEvent(String name) {
    addEvent(name, null);
  }

  /**
   * Sets an attribute on the current span, with the fallbacks for bad input described above. For a
   * value known only inside the block (a cache hit, a result count).
   */
  public void setAttribute(String key, Object value) {
    if (tracer == null) {
      return;
    }
    Span span = Span.current();
    if (span.isRecording()) {
      AttributesBuilder builder = Attributes.builder();
      put(builder, key, value);
      span.setAllAttributes(builder.build());
    }
  }

  /**
   * Records {@code failure} on the current span as a block's exception is recorded (ERROR status,
   * {@code error.type}, exception event), for a failure the application handles without rethrowing.
   * {@code null} is ignored.
   */
  public void recordError(Throwable failure) {
    if (tracer == null || failure == null) {
      return;
    }
    Span span = Span.current();
    if (span.isRecording()) {
      SpanEnd.recordFailure(span, failure);
    }
  }

  /**
   * Marks the current span failed without an exception, for an error the application gets as a
   * value (a status code, an error response): ERROR status and {@code error.type} set to {@code
   * errorType} ({@code "_OTHER"}, the conventions' fallback, when it is {@code null} or blank).
   */
  public void recordError(String errorType) {
    if (tracer == null) {
      return;
    }
    Span span = Span.current();
    if (span.isRecording()) {
      span.setStatus(StatusCode.ERROR);
      span.setAttribute(
          ErrorAttributes.ERROR_TYPE,
          errorType == null || errorType.isBlank()
              ? ErrorAttributes.ErrorTypeValues.OTHER
              : truncate(errorType));
    }
  }

  private Span start(String name, SpanKind kind, Map<String, ?> attributes) {
    Span span =
        tracer
            .spanBuilder(nameOr(name))
            .setSpanKind(kind != null ? kind : SpanKind.INTERNAL)
            .startSpan();
    if (attributes != null && span.isRecording()) {
      span.setAllAttributes(attributes(attributes));
    }
    return span;
  }

  /**
   * The valid entries of {@code attributes}, typed and truncated; read only for a recording span.
   */
  private static Attributes attributes(Map<String, ?> attributes) {
    AttributesBuilder builder = Attributes.builder();
    try {
      for (Map.Entry<String, ?> entry : attributes.entrySet()) {
        put(builder, entry.getKey(), entry.getValue());
      }
    } catch (RuntimeException brokenMap) {
      // A map that fails while iterated (concurrent modification) costs attributes, not the block.
    }
    return builder.build();
  }

  private static String nameOr(String name) {
    return name == null || name.isBlank() ? UNNAMED : name;
  }

  private static void put(AttributesBuilder builder, String key, Object value) {
    if (key == null || key.isBlank() || value == null) {
      return;
    }
    if (value instanceof String) {
      builder.put(key, truncate((String) value));
    } else if (value instanceof Boolean) {
      builder.put(key, (Boolean) value);
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      builder.put(key, ((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      builder.put(key, ((Number) value).doubleValue());
    } else {
      String text = text(value);
      if (text != null) {
        builder.put(key, truncate(text));
      }
    }
  }

  private static String text(Object value) {
    try {
      return String.valueOf(value);
    } catch (RuntimeException brokenToString) {
      return null;
    }
  }

  /** Cuts {@code value} to {@link #MAX_VALUE_LENGTH} characters, never between a surrogate pair. */
  static String truncate(String value) {
    if (value.length() <= MAX_VALUE_LENGTH) {
      return value;
    }
    int end = MAX_VALUE_LENGTH;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(0, end);
  }
}
