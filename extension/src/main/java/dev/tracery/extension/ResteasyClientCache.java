package dev.tracery.extension;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Releases the deployment from RESTEasy's client provider cache when the application stops.
 *
 * <p>RESTEasy (WildFly) caches, per context class loader, a client provider factory holding the
 * classes of every provider listed in {@code META-INF/services/jakarta.ws.rs.ext.Providers},
 * Tracery's filters among them, in the static {@code RegisterBuiltin.configuredClientFactories}: a
 * {@code WeakHashMap} whose values strongly reach their own weak key, the deployment's class
 * loader. Once an application has built a JAX-RS client, that entry would keep every undeployed
 * copy of it in memory, one more per redeploy (found with a heap dump; it happens to any WAR that
 * ships such a services file). Removing the entry at undeploy lets the deployment go. Does nothing
 * where RESTEasy is absent (Payara) or different.
 */
final class ResteasyClientCache {

  private static final Logger LOG = Logger.getLogger(ResteasyClientCache.class.getName());
  static final String REGISTER_BUILTIN = "org.jboss.resteasy.plugins.providers.RegisterBuiltin";

  private ResteasyClientCache() {}

  /** Whether an entry for {@code deployment} was removed. Never throws. */
  static boolean forget(ClassLoader deployment) {
    if (deployment == null) {
      return false;
    }
    try {
      Class<?> registerBuiltin = Class.forName(REGISTER_BUILTIN, false, deployment);
      Field field = registerBuiltin.getDeclaredField("configuredClientFactories");
      field.setAccessible(true);
      // RESTEasy fills the map in a static synchronized method of the same class.
      synchronized (registerBuiltin) {
        Object map = field.get(null);
        return map instanceof Map && ((Map<?, ?>) map).remove(deployment) != null;
      }
    } catch (ClassNotFoundException e) {
      return false; // not RESTEasy
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      if (LOG.isLoggable(Level.FINE)) {
        LOG.log(Level.FINE, "Tracery: could not release RESTEasy's client provider cache", e);
      }
      return false;
    }
  }
}
