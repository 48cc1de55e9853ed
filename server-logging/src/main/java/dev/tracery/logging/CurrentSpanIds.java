package dev.tracery.logging;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Reads the ids of the span current on this thread in the application the thread works for: the one
 * whose class loader is the thread's context class loader, through that loader's own OpenTelemetry API
 * ({@code Span.current()}). Nothing is shared with the application: its API classes are found by name
 * and called through method handles, cached per API class in a {@link ClassValue}, so an undeployed
 * application's classes can be unloaded (the loader map holds its loader and class weakly).
 */
final class CurrentSpanIds {

  static final String SPAN = "io.opentelemetry.api.trace.Span";

  /** Marks a class loader that has no usable OpenTelemetry API. */
  private static final WeakReference<Class<?>> ABSENT = new WeakReference<>(CurrentSpanIds.class);

  private final Map<ClassLoader, WeakReference<Class<?>>> spanClasses =
      Collections.synchronizedMap(new WeakHashMap<>());

  private static final ClassValue<Accessor> ACCESSORS =
      new ClassValue<>() {
        @Override
        protected Accessor computeValue(Class<?> spanClass) {
          try {
            return new Accessor(spanClass);
          } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
          }
        }
      };

  /**
   * The current span's {@code {traceId, spanId, traceFlags}} in the thread's application, or null when
   * it has none, the thread has no application, or that application has no OpenTelemetry API.
   */
  String[] current() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      return null;
    }
    Class<?> spanClass = spanClass(loader);
    if (spanClass == null) {
      return null;
    }
    Accessor accessor = ACCESSORS.get(spanClass);
    return accessor == null ? null : accessor.current();
  }

  private Class<?> spanClass(ClassLoader loader) {
    WeakReference<Class<?>> cached = spanClasses.get(loader);
    if (cached == ABSENT) {
      return null;
    }
    Class<?> spanClass = cached == null ? null : cached.get();
    if (spanClass == null) {
      try {
        spanClass = Class.forName(SPAN, false, loader);
        spanClasses.put(loader, new WeakReference<>(spanClass));
      } catch (ClassNotFoundException | LinkageError e) {
        spanClasses.put(loader, ABSENT);
        return null;
      }
    }
    return spanClass;
  }

  /** Method handles on one copy of the OpenTelemetry API. */
  private static final class Accessor {
    private final MethodHandle current;
    private final MethodHandle getSpanContext;
    private final MethodHandle isValid;
    private final MethodHandle getTraceId;
    private final MethodHandle getSpanId;
    private final MethodHandle getTraceFlags;
    private final MethodHandle asHex;

    Accessor(Class<?> spanClass) throws ReflectiveOperationException {
      ClassLoader loader = spanClass.getClassLoader();
      Class<?> spanContextClass = Class.forName("io.opentelemetry.api.trace.SpanContext", false, loader);
      Class<?> traceFlagsClass = Class.forName("io.opentelemetry.api.trace.TraceFlags", false, loader);
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      MethodType object = MethodType.methodType(Object.class, Object.class);
      current =
          lookup
              .findStatic(spanClass, "current", MethodType.methodType(spanClass))
              .asType(MethodType.methodType(Object.class));
      getSpanContext =
          lookup.findVirtual(spanClass, "getSpanContext", MethodType.methodType(spanContextClass)).asType(object);
      isValid =
          lookup
              .findVirtual(spanContextClass, "isValid", MethodType.methodType(boolean.class))
              .asType(MethodType.methodType(boolean.class, Object.class));
      getTraceId = lookup.findVirtual(spanContextClass, "getTraceId", MethodType.methodType(String.class)).asType(object);
      getSpanId = lookup.findVirtual(spanContextClass, "getSpanId", MethodType.methodType(String.class)).asType(object);
      getTraceFlags =
          lookup.findVirtual(spanContextClass, "getTraceFlags", MethodType.methodType(traceFlagsClass)).asType(object);
      asHex = lookup.findVirtual(traceFlagsClass, "asHex", MethodType.methodType(String.class)).asType(object);
    }

    String[] current() {
      try {
        Object span = (Object) current.invokeExact();
        Object spanContext = (Object) getSpanContext.invokeExact(span);
        if (!(boolean) isValid.invokeExact(spanContext)) {
          return null;
        }
        Object flags = (Object) getTraceFlags.invokeExact(spanContext);
        return new String[] {
          (String) (Object) getTraceId.invokeExact(spanContext),
          (String) (Object) getSpanId.invokeExact(spanContext),
          (String) (Object) asHex.invokeExact(flags)
        };
      } catch (Throwable e) {
        // Whatever the application's API does, logging goes on without ids.
        return null;
      }
    }
  }
}
