package dev.tracery.extension;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * Runs a span exporter with the application's context class loader, whatever thread calls it.
 *
 * <p>The SDK's {@code BatchSpanProcessor_WorkerThread} and Tracery's export threads have no context
 * class loader, so that a thread that outlives its application for a moment does not keep the
 * undeployed application in memory. An exporter that the application supplies (an autoconfigure
 * {@code ConfigurableSpanExporterProvider} returning a CDI bean, for example) may need one: on
 * Payara a Weld client proxy finds its container through it and fails with "Thread's context class
 * loader is null" without it. Each call here sets the application's loader and puts back what the
 * thread had, so the thread keeps no reference to the application between calls.
 */
final class ApplicationClassLoaderSpanExporter implements SpanExporter {

  private final SpanExporter delegate;
  private final ClassLoader classLoader;

  private ApplicationClassLoaderSpanExporter(SpanExporter delegate, ClassLoader classLoader) {
    this.delegate = delegate;
    this.classLoader = classLoader;
  }

  /**
   * Wraps exporters that are not OpenTelemetry's own (OTLP, Zipkin, logging): those need no class
   * loader, and Tracery's OTLP sender keeps its threads free of one.
   */
  static SpanExporter wrap(SpanExporter exporter, ClassLoader classLoader) {
    if (classLoader == null
        || exporter instanceof ApplicationClassLoaderSpanExporter
        || OpenTelemetryClasses.isOwn(exporter)) {
      return exporter;
    }
    return new ApplicationClassLoaderSpanExporter(exporter, classLoader);
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    if (previous == classLoader) {
      return delegate.export(spans);
    }
    thread.setContextClassLoader(classLoader);
    try {
      return delegate.export(spans);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Override
  public CompletableResultCode flush() {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(classLoader);
    try {
      return delegate.flush();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Override
  public CompletableResultCode shutdown() {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(classLoader);
    try {
      return delegate.shutdown();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
