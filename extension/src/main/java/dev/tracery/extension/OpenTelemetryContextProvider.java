package dev.tracery.extension;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.concurrent.spi.ThreadContextProvider;
import jakarta.enterprise.concurrent.spi.ThreadContextRestorer;
import jakarta.enterprise.concurrent.spi.ThreadContextSnapshot;
import java.util.Map;

/**
 * Carries the current OpenTelemetry {@link Context} (the current span, baggage) to tasks run by the
 * server's managed executors, as a Jakarta Concurrency 3 thread context of type {@value #TYPE}.
 * Found by the server through {@code
 * META-INF/services/jakarta.enterprise.concurrent.spi.ThreadContextProvider} in the application's
 * class loader, so the context captured is the application's copy of OpenTelemetry. The context is
 * captured when the task is submitted (or a contextual proxy made), made current while the task
 * runs, and the scope closed on the same thread when it ends; a cleared context is the root
 * context, so a task runs with no span of whatever ran on the thread before it.
 */
public final class OpenTelemetryContextProvider implements ThreadContextProvider {

  /** The thread context type to name in {@code @ContextServiceDefinition(propagated = ...)}. */
  public static final String TYPE = "OpenTelemetry";

  @Override
  public ThreadContextSnapshot currentContext(Map<String, String> props) {
    return new Snapshot(Context.current());
  }

  @Override
  public ThreadContextSnapshot clearedContext(Map<String, String> props) {
    return new Snapshot(Context.root());
  }

  @Override
  public String getThreadContextType() {
    return TYPE;
  }

  private static final class Snapshot implements ThreadContextSnapshot {

    private final Context context;

    Snapshot(Context context) {
      this.context = context;
    }

    @Override
    public ThreadContextRestorer begin() {
      Scope scope = context.makeCurrent();
      return scope::close;
    }
  }
}
