package dev.tracery.extension.logs;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * OpenTelemetry's context storage, wrapped so that the logging MDCs always describe the span of the
 * current context: whenever a context whose span differs from the current one is made current, its
 * {@code trace_id}, {@code span_id} and {@code trace_flags} are written; when that scope closes,
 * the values of the context it restores are written back, or removed when that context has no valid
 * span. Everything that makes a context current goes through here ({@code @Traced}, JAX-RS,
 * programmatic spans, a context carried to another thread), so a pooled thread never keeps the ids
 * of a finished request.
 *
 * <p>Ids are written for every valid span context, sampled or not, as OpenTelemetry's own MDC
 * instrumentations do; {@code trace_flags} is then {@code 00}. While no target is set (tracing off,
 * the feature off, or the application stopped) a call costs one volatile read.
 */
final class MdcContextStorage implements ContextStorage {

  static final String TRACE_ID = "trace_id";
  static final String SPAN_ID = "span_id";
  static final String TRACE_FLAGS = "trace_flags";

  private static final Logger LOG = Logger.getLogger(MdcContextStorage.class.getName());
  private static final MdcTarget[] NONE = new MdcTarget[0];

  private final ContextStorage delegate;
  private volatile MdcTarget[] targets = NONE;

  MdcContextStorage(ContextStorage delegate) {
    this.delegate = delegate;
  }

  void targets(MdcTarget[] targets) {
    this.targets = targets;
  }

  MdcTarget[] targets() {
    return targets;
  }

  @Override
  public Scope attach(Context toAttach) {
    MdcTarget[] current = targets;
    if (current.length == 0 || toAttach == null) {
      // OpenTelemetry ignores a null context: nothing changes, nothing to write.
      return delegate.attach(toAttach);
    }
    Context before = delegate.current();
    Scope scope = delegate.attach(toAttach);
    SpanContext previous = spanContext(before);
    SpanContext next = spanContext(toAttach);
    if (same(previous, next)) {
      return scope;
    }
    write(current, next);
    return new MdcScope(scope, current, previous);
  }

  @Override
  public Context current() {
    return delegate.current();
  }

  @Override
  public Context root() {
    return delegate.root();
  }

  private static SpanContext spanContext(Context context) {
    if (context == null) {
      return SpanContext.getInvalid();
    }
    return Span.fromContext(context).getSpanContext();
  }

  private static boolean same(SpanContext a, SpanContext b) {
    if (a == b) {
      return true;
    }
    boolean valid = a.isValid();
    if (valid != b.isValid()) {
      return false;
    }
    return !valid
        || (a.getSpanId().equals(b.getSpanId())
            && a.getTraceId().equals(b.getTraceId())
            && a.getTraceFlags().equals(b.getTraceFlags()));
  }

  static void write(MdcTarget[] targets, SpanContext spanContext) {
    boolean valid = spanContext.isValid();
    for (MdcTarget target : targets) {
      try {
        if (valid) {
          target.put(TRACE_ID, spanContext.getTraceId());
          target.put(SPAN_ID, spanContext.getSpanId());
          target.put(TRACE_FLAGS, spanContext.getTraceFlags().asHex());
        } else {
          target.remove(TRACE_ID);
          target.remove(SPAN_ID);
          target.remove(TRACE_FLAGS);
        }
      } catch (RuntimeException | LinkageError e) {
        // Never into the traced code; the other targets and the context itself are unaffected.
        if (LOG.isLoggable(Level.FINE)) {
          LOG.log(Level.FINE, "Tracery: cannot write trace ids to the " + target.name(), e);
        }
      }
    }
  }

  /** Closes the context's scope, then puts back the MDC values of the context it restores. */
  private static final class MdcScope implements Scope {
    private final Scope scope;
    private final MdcTarget[] targets;
    private final SpanContext restored;

    MdcScope(Scope scope, MdcTarget[] targets, SpanContext restored) {
      this.scope = scope;
      this.targets = targets;
      this.restored = restored;
    }

    @Override
    public void close() {
      scope.close();
      write(targets, restored);
    }
  }
}
