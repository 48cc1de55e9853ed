package dev.tracery.extension;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * Runs an application's sampler with the application's context class loader. Spans usually start on
 * the application's own threads, where that loader is already set and nothing is changed (no
 * allocation); on a thread without it (a server or SDK thread) the loader is set for the call and
 * put back after. See {@link ApplicationClassLoaderSpanExporter} for why threads do not simply keep
 * it.
 */
final class ApplicationClassLoaderSampler implements Sampler {

  private final Sampler delegate;
  private final ClassLoader classLoader;

  private ApplicationClassLoaderSampler(Sampler delegate, ClassLoader classLoader) {
    this.delegate = delegate;
    this.classLoader = classLoader;
  }

  /** Wraps samplers that are not OpenTelemetry's own; those need no class loader. */
  static Sampler wrap(Sampler sampler, ClassLoader classLoader) {
    if (classLoader == null || OpenTelemetryClasses.isOwn(sampler)) {
      return sampler;
    }
    return new ApplicationClassLoaderSampler(sampler, classLoader);
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext,
      String traceId,
      String name,
      SpanKind spanKind,
      Attributes attributes,
      List<LinkData> parentLinks) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    if (previous == classLoader) {
      return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }
    thread.setContextClassLoader(classLoader);
    try {
      return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Override
  public String getDescription() {
    return delegate.getDescription();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
