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
 * whose class loader is the thread's context class loader, through the Tracery in that application
 * ({@value #TRACE_IDS}{@code .current()}, which returns JDK types only). Nothing is shared with the
 * application: the class is found by name and called through a method handle, cached per class in a
 * {@link ClassValue}, and the loader map holds loaders and classes weakly, so an undeployed
 * application's classes can be unloaded. Tracery answers only while it traces the application, so
 * this never makes the application's OpenTelemetry context initialize itself early.
 */
final class CurrentSpanIds {

  static final String TRACE_IDS = "dev.tracery.extension.logs.CurrentTraceIds";

  /** Marks a class loader that has no Tracery. */
  private static final WeakReference<Class<?>> ABSENT = new WeakReference<>(CurrentSpanIds.class);

  private static final MethodType CURRENT = MethodType.methodType(String[].class);

  private static final ClassValue<MethodHandle> ACCESSORS =
      new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> traceIds) {
          try {
            return MethodHandles.publicLookup().findStatic(traceIds, "current", CURRENT);
          } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
          }
        }
      };

  private final Map<ClassLoader, WeakReference<Class<?>>> classes =
      Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * The current span's {@code {traceId, spanId, traceFlags}} in the thread's application, or null
   * when it has none, the thread works for no application, or that application has no Tracery.
   */
  String[] current() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      return null;
    }
    Class<?> traceIds = traceIdsClass(loader);
    if (traceIds == null) {
      return null;
    }
    MethodHandle current = ACCESSORS.get(traceIds);
    if (current == null) {
      return null;
    }
    try {
      String[] ids = (String[]) current.invokeExact();
      return ids != null && ids.length == 3 ? ids : null;
    } catch (Throwable e) {
      // Whatever the application does, logging goes on without ids.
      return null;
    }
  }

  private Class<?> traceIdsClass(ClassLoader loader) {
    WeakReference<Class<?>> cached = classes.get(loader);
    if (cached == ABSENT) {
      return null;
    }
    Class<?> traceIds = cached == null ? null : cached.get();
    if (traceIds == null) {
      try {
        traceIds = Class.forName(TRACE_IDS, false, loader);
        classes.put(loader, new WeakReference<>(traceIds));
      } catch (ClassNotFoundException | LinkageError e) {
        classes.put(loader, ABSENT);
        return null;
      }
    }
    return traceIds;
  }
}
