package dev.tracery;

import dev.tracery.interceptors.MessagingSpans;
import dev.tracery.interceptors.SpanEnd;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import jakarta.enterprise.inject.spi.CDI;
import java.util.Collections;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Trace context in message headers, for transports Tracery does not trace by itself (Kafka records,
 * AMQP, a custom envelope, an outbox table): {@link #inject inject} and {@link #extract extract}
 * with the application's configured propagators ({@code otel.propagators}, W3C {@code traceparent}
 * and {@code baggage} by default), and {@link #send send} / {@link #process process}, which run a
 * block in a PRODUCER or CONSUMER span named and attributed by OpenTelemetry's messaging semantic
 * conventions. Inject it ({@code @Inject Messaging messaging}) in any CDI bean; code outside CDI
 * gets the application's instance from {@link #get()}.
 *
 * <pre>{@code
 * // producer side
 * Map<String, String> headers = new HashMap<>();
 * messaging.send("kafka", "orders", headers, () -> {
 *   ProducerRecord<String, String> record = new ProducerRecord<>("orders", key, value);
 *   headers.forEach((k, v) -> record.headers().add(k, v.getBytes(UTF_8)));
 *   return producer.send(record);
 * });
 *
 * // consumer side
 * Map<String, String> headers = new HashMap<>();
 * record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), UTF_8)));
 * messaging.process("kafka", record.topic(), null, headers, () -> handle(record));
 * }</pre>
 *
 * <p><b>Spans.</b> {@code send} makes a PRODUCER span {@code "send <destination>"}, a child of the
 * current span, and injects <em>its</em> context into {@code headers} before the block runs, so the
 * block must copy the headers into the message inside the block. {@code process} makes a CONSUMER
 * span {@code "process <destination>"} whose parent is the context extracted from {@code headers}
 * (a new trace when there is none or it is invalid) and which also links to that context, as the
 * messaging conventions ask of a process span. Both carry {@value #SYSTEM_KEY}, {@value
 * #DESTINATION_KEY}, {@value #OPERATION_TYPE_KEY} and {@value #OPERATION_NAME_KEY}; {@code process}
 * also {@value #MESSAGE_ID_KEY} when given. A block that throws ends its span with ERROR, {@code
 * error.type} and an exception event, and the exception is rethrown unchanged; a {@link
 * java.util.concurrent.CompletionStage} result ends the span when it completes.
 *
 * <p><b>Bad input never stops the block.</b> A {@code null} system becomes {@value #UNKNOWN}, a
 * {@code null} or blank destination is left out of the attributes and the name (then {@code
 * "send"}), a {@code null} header map is nothing to inject into or extract from, header values
 * longer than {@value #MAX_HEADER_LENGTH} characters are ignored on extraction, and a propagator
 * that fails is logged at FINE and skipped. An unmodifiable map given to {@code inject} is left as
 * it is.
 *
 * <p>When tracing is off the injected instance is {@link #noop()}: blocks run, nothing is injected,
 * {@code extract} returns the root context. Thread-safe; one instance serves the whole application.
 */
public final class Messaging {

  private static final Logger LOG = Logger.getLogger(Messaging.class.getName());

  /**
   * The instrumentation scope of messaging spans made through this class and by Tracery's JMS
   * tracing.
   */
  public static final String INSTRUMENTATION_NAME = "dev.tracery.messaging";

  /** The {@code messaging.system} recorded when none is given. */
  public static final String UNKNOWN = "_OTHER";

  /** Header values longer than this (in characters) are ignored by {@link #extract}. */
  public static final int MAX_HEADER_LENGTH = 8192;

  public static final String SYSTEM_KEY = "messaging.system";
  public static final String DESTINATION_KEY = "messaging.destination.name";
  public static final String OPERATION_TYPE_KEY = "messaging.operation.type";
  public static final String OPERATION_NAME_KEY = "messaging.operation.name";
  public static final String MESSAGE_ID_KEY = "messaging.message.id";

  /** {@code messaging.system} (string), e.g. {@code "kafka"}, {@code "jms"}. */
  public static final AttributeKey<String> SYSTEM = AttributeKey.stringKey(SYSTEM_KEY);

  /** {@code messaging.destination.name} (string): the queue or topic. */
  public static final AttributeKey<String> DESTINATION = AttributeKey.stringKey(DESTINATION_KEY);

  /** {@code messaging.destination.temporary} (boolean), set only when {@code true}. */
  public static final AttributeKey<Boolean> DESTINATION_TEMPORARY =
      AttributeKey.booleanKey("messaging.destination.temporary");

  /** {@code messaging.operation.type} (string): {@code "send"} or {@code "process"} here. */
  public static final AttributeKey<String> OPERATION_TYPE =
      AttributeKey.stringKey(OPERATION_TYPE_KEY);

  /** {@code messaging.operation.name} (string): {@code "send"} or {@code "process"} here. */
  public static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey(OPERATION_NAME_KEY);

  /** {@code messaging.message.id} (string). */
  public static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey(MESSAGE_ID_KEY);

  private static final Messaging NOOP = new Messaging(null, TextMapPropagator.noop());

  /** {@code null} when tracing is off. */
  private final Tracer tracer;

  private final TextMapPropagator propagator;

  private Messaging(Tracer tracer, TextMapPropagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  /**
   * Messaging spans and propagation with {@code openTelemetry}'s tracer provider and propagators;
   * the {@link #noop()} instance when it is {@code null} or OpenTelemetry's no-op. Tracery's CDI
   * extension provides the application's instance.
   */
  public static Messaging create(OpenTelemetry openTelemetry) {
    if (openTelemetry == null || openTelemetry.getTracerProvider() == TracerProvider.noop()) {
      return NOOP;
    }
    var builder = openTelemetry.getTracerProvider().tracerBuilder(INSTRUMENTATION_NAME);
    String version = Messaging.class.getPackage().getImplementationVersion();
    if (version != null) {
      builder.setInstrumentationVersion(version);
    }
    return new Messaging(builder.build(), openTelemetry.getPropagators().getTextMapPropagator());
  }

  /**
   * The instance that runs blocks and propagates nothing: what the application gets when tracing is
   * off.
   */
  public static Messaging noop() {
    return NOOP;
  }

  /**
   * The application's instance, for code outside CDI, found through {@link CDI#current()} (a
   * lookup: keep the result). Returns {@link #noop()}, never throws, when no container or no
   * Tracery is there.
   */
  public static Messaging get() {
    try {
      return CDI.current().select(Messaging.class).get();
    } catch (RuntimeException | LinkageError noContainer) {
      return NOOP;
    }
  }

  /**
   * Whether this instance makes spans and propagates context ({@code false} for {@link #noop()}).
   */
  public boolean isEnabled() {
    return tracer != null;
  }

  /** Writes the current context into {@code headers} with the configured propagators. */
  public void inject(Map<String, String> headers) {
    inject(Context.current(), headers);
  }

  /** Writes {@code context} into {@code headers} with the configured propagators. */
  public void inject(Context context, Map<String, String> headers) {
    if (tracer == null || headers == null || context == null) {
      return;
    }
    try {
      propagator.inject(context, headers, MapSetter.INSTANCE);
    } catch (RuntimeException | LinkageError e) {
      // an unmodifiable map, or a propagator that fails: the message goes without context
      if (LOG.isLoggable(Level.FINE)) {
        LOG.log(Level.FINE, "Tracery: could not inject trace context into message headers", e);
      }
    }
  }

  /**
   * The context the configured propagators read from {@code headers}, on top of the root context
   * (not the current one): a context with no span when the headers carry none or an invalid one.
   */
  public Context extract(Map<String, String> headers) {
    if (tracer == null || headers == null) {
      return Context.root();
    }
    try {
      return propagator.extract(Context.root(), headers, MapGetter.INSTANCE);
    } catch (RuntimeException | LinkageError e) {
      if (LOG.isLoggable(Level.FINE)) {
        LOG.log(Level.FINE, "Tracery: could not extract trace context from message headers", e);
      }
      return Context.root();
    }
  }

  /**
   * Runs {@code block} in a PRODUCER span {@code "send <destination>"} after injecting that span's
   * context into {@code headers}; returns the block's result.
   */
  public <T, E extends Throwable> T send(
      String system, String destination, Map<String, String> headers, Spans.Call<T, E> block)
      throws E {
    if (block == null) {
      return null;
    }
    if (tracer == null) {
      return block.call();
    }
    Span span = start(SpanKind.PRODUCER, "send", system, destination, null, Context.current());
    inject(Context.current().with(span), headers);
    return runIn(span, block);
  }

  /**
   * Runs {@code block} in a CONSUMER span {@code "process <destination>"} whose parent is the
   * context in {@code headers}; {@code messageId} ({@code null} when unknown) becomes {@value
   * #MESSAGE_ID_KEY}.
   */
  public <T, E extends Throwable> T process(
      String system,
      String destination,
      String messageId,
      Map<String, String> headers,
      Spans.Call<T, E> block)
      throws E {
    if (block == null) {
      return null;
    }
    if (tracer == null) {
      return block.call();
    }
    Span span =
        start(SpanKind.CONSUMER, "process", system, destination, messageId, extract(headers));
    return runIn(span, block);
  }

  private <T, E extends Throwable> T runIn(Span span, Spans.Call<T, E> block) throws E {
    boolean recording = span.isRecording();
    T result;
    try (Scope ignored = span.makeCurrent()) {
      result = block.call();
    } catch (Throwable failure) {
      SpanEnd.endFailed(span, recording, failure);
      throw failure;
    }
    SpanEnd.endReturned(span, recording, true, result);
    return result;
  }

  private Span start(
      SpanKind kind,
      String operation,
      String system,
      String destination,
      String messageId,
      Context parent) {
    return MessagingSpans.start(
        tracer, kind, operation, system, destination, false, messageId, parent);
  }

  private enum MapSetter implements TextMapSetter<Map<String, String>> {
    INSTANCE;

    @Override
    public void set(Map<String, String> carrier, String key, String value) {
      if (carrier != null && key != null && value != null) {
        carrier.put(key, value);
      }
    }
  }

  private enum MapGetter implements TextMapGetter<Map<String, String>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier == null ? Collections.emptySet() : carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      if (carrier == null || key == null) {
        return null;
      }
      String value = carrier.get(key);
      return value == null || value.length() > MAX_HEADER_LENGTH ? null : value;
    }
  }
}
