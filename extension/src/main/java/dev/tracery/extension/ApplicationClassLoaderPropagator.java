package dev.tracery.extension;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Collection;

/**
 * Runs an application's propagator with the application's context class loader. Headers are usually
 * injected and extracted on the application's threads, where that loader is already set and nothing
 * is changed; on a thread without it (an asynchronous client's I/O thread) the loader is set for
 * the call and put back after. See {@link ApplicationClassLoaderSpanExporter} for why threads do
 * not simply keep it.
 */
final class ApplicationClassLoaderPropagator implements TextMapPropagator {

  private final TextMapPropagator delegate;
  private final ClassLoader classLoader;

  private ApplicationClassLoaderPropagator(TextMapPropagator delegate, ClassLoader classLoader) {
    this.delegate = delegate;
    this.classLoader = classLoader;
  }

  /** Wraps propagators that are not OpenTelemetry's own; those need no class loader. */
  static TextMapPropagator wrap(TextMapPropagator propagator, ClassLoader classLoader) {
    if (classLoader == null || OpenTelemetryClasses.isOwn(propagator)) {
      return propagator;
    }
    return new ApplicationClassLoaderPropagator(propagator, classLoader);
  }

  @Override
  public Collection<String> fields() {
    return delegate.fields();
  }

  @Override
  public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    if (previous == classLoader) {
      delegate.inject(context, carrier, setter);
      return;
    }
    thread.setContextClassLoader(classLoader);
    try {
      delegate.inject(context, carrier, setter);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Override
  public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    if (previous == classLoader) {
      return delegate.extract(context, carrier, getter);
    }
    thread.setContextClassLoader(classLoader);
    try {
      return delegate.extract(context, carrier, getter);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
