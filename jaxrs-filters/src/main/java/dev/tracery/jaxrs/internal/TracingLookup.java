package dev.tracery.jaxrs.internal;

import dev.tracery.jaxrs.HttpTracingConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;

/**
 * How a filter instance finds its application's {@link JaxrsTracing}: once, through CDI, and then
 * from a field. JAX-RS runtimes create filters themselves, not always through CDI, and RESTEasy may
 * even apply one deployment's client filter instance to another deployment's client; so the
 * instance is used only on threads whose context class loader is its deployment's (or a parent or
 * child of it), never a sibling deployment's. While tracing is off there is no {@code JaxrsTracing}
 * bean, and the filter does nothing.
 */
public final class TracingLookup {

  private final ClassLoader owner;
  private volatile JaxrsTracing tracing;
  private volatile boolean absent;

  public TracingLookup(Class<?> filterClass) {
    this.owner = filterClass.getClassLoader();
  }

  /**
   * The application's tracing, or null when tracing is off or this thread belongs to another
   * deployment.
   */
  public JaxrsTracing get() {
    JaxrsTracing found = tracing;
    if (found != null) {
      return sameDeployment() ? found : null;
    }
    if (absent) {
      return null;
    }
    ClassLoader tccl = Thread.currentThread().getContextClassLoader();
    if (!sameDeployment()) {
      return null;
    }
    try {
      Instance<JaxrsTracing> instance = CDI.current().select(JaxrsTracing.class);
      if (instance.isResolvable()) {
        found = instance.get();
        tracing = found;
        return found;
      }
      // Authoritative only on a thread of this very deployment: tracing is off.
      if (tccl == owner) {
        absent = true;
      }
    } catch (RuntimeException | LinkageError e) {
      if (tccl == owner) {
        absent = true;
      }
    }
    return null;
  }

  /**
   * Whether the application being deployed on this thread has tracing on, asked once when a JAX-RS
   * application is deployed, so that its server filters are registered only then. True when no CDI
   * container answers (the filters then decide per request, as {@link #get} does).
   */
  public static boolean tracingDeployed() {
    try {
      return CDI.current().select(JaxrsTracing.class).isResolvable();
    } catch (RuntimeException | LinkageError e) {
      return true;
    }
  }

  /**
   * Whether the application being deployed on this thread records mapped exceptions ({@code
   * tracery.http.server.record-mapped-exceptions}); asked once, at deployment.
   */
  public static boolean recordsMappedExceptions() {
    try {
      return CDI.current().select(HttpTracingConfig.class).get().recordMappedExceptions();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private boolean sameDeployment() {
    ClassLoader tccl = Thread.currentThread().getContextClassLoader();
    if (tccl == null || tccl == owner || owner == null) {
      return true;
    }
    return isAncestor(tccl, owner) || isAncestor(owner, tccl);
  }

  private static boolean isAncestor(ClassLoader candidate, ClassLoader of) {
    for (ClassLoader parent = of.getParent(); parent != null; parent = parent.getParent()) {
      if (parent == candidate) {
        return true;
      }
    }
    return false;
  }
}
