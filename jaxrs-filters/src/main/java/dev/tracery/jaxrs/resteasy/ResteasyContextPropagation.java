package dev.tracery.jaxrs.resteasy;

import dev.tracery.jaxrs.internal.TracingLookup;
import dev.tracery.jaxrs.server.TracingServerFilter;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import org.jboss.resteasy.core.ResteasyContext;
import org.jboss.resteasy.spi.concurrent.ThreadContext;
import org.jboss.resteasy.spi.concurrent.ThreadContexts;

/**
 * RESTEasy (WildFly) only: carries the caller's OpenTelemetry context onto the threads RESTEasy
 * runs {@code async()}, {@code rx()} and MicroProfile Rest Client {@code CompletionStage} calls on,
 * so their CLIENT spans join the caller's trace. RESTEasy applies the {@code ThreadContext}s of the
 * current request around every task it hands to its contextual executors; this filter adds itself
 * to them for each request. Registered by {@link TracingServerFeature} while tracing is on, which
 * only RESTEasy finds, so Jersey never loads it.
 */
@PreMatching
@Priority(TracingServerFilter.PRIORITY - 1)
public class ResteasyContextPropagation
    implements ContainerRequestFilter, ThreadContext<ResteasyContextPropagation.Captured> {

  /**
   * What was current on the submitting thread, and the scope that restores it on the worker thread.
   */
  public static final class Captured {
    final Context context;
    Scope scope;

    Captured(Context context) {
      this.context = context;
    }
  }

  private final TracingLookup lookup = new TracingLookup(ResteasyContextPropagation.class);

  /**
   * The thread contexts given to each request that has none: RESTEasy's own (found once: its
   * constructor searches the class path, far too slow for every request) and this one.
   */
  private volatile ThreadContexts shared;

  @Override
  public void filter(ContainerRequestContext request) {
    if (lookup.get() == null) {
      return; // tracing is off
    }
    try {
      ThreadContexts defaults = shared;
      if (defaults == null) {
        defaults = new ThreadContexts().add(this);
        shared = defaults;
      }
      ThreadContexts sharedContexts = defaults;
      ThreadContexts contexts =
          ResteasyContext.computeIfAbsent(ThreadContexts.class, () -> sharedContexts);
      if (contexts != sharedContexts && !contexts.getThreadContexts().contains(this)) {
        contexts.add(this);
      }
    } catch (RuntimeException | LinkageError e) {
      // Another RESTEasy than the one compiled against: async client calls start their own traces.
    }
  }

  @Override
  public Captured capture() {
    return new Captured(Context.current());
  }

  @Override
  public void push(Captured captured) {
    captured.scope = captured.context.makeCurrent();
  }

  @Override
  public void reset(Captured captured) {
    Scope scope = captured.scope;
    if (scope != null) {
      captured.scope = null;
      scope.close();
    }
  }
}
