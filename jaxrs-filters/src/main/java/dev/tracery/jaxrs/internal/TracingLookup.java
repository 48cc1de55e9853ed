package dev.tracery.jaxrs.internal;

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
