package dev.tracery.extension;

import io.opentelemetry.common.ComponentLoader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds autoconfigure's SPI implementations (exporters, samplers, propagators, resource providers,
 * customizers) through the application's class loader, tolerating what an application server adds.
 *
 * <p>On Payara the server's own OpenTelemetry {@code META-INF/services} files stay visible to the
 * WAR even with {@code <class-loader delegate="false"/>}: they name provider classes that either
 * resolve to the WAR's own copy (listed twice) or to the server's copy, which implements the
 * server's older SPI and cannot be loaded against the WAR's. Plain {@link ServiceLoader} use then
 * fails the whole SDK. This loader skips providers that cannot be loaded as the WAR's SPI type and
 * keeps one instance per provider class.
 */
final class ApplicationComponentLoader implements ComponentLoader {

  private static final Logger LOG = Logger.getLogger(ApplicationComponentLoader.class.getName());

  /**
   * Bounds the skipping of broken entries, so a service file that fails over and over cannot loop.
   */
  private static final int MAX_SKIPPED = 100;

  private final ClassLoader classLoader;
  private final Map<Class<?>, List<?>> replacements;
  private final Set<String> excludedProviders;

  ApplicationComponentLoader(ClassLoader classLoader) {
    this(classLoader, Map.of(), Set.of());
  }

  /**
   * @param replacements SPI types answered with the given instances only (Tracery's own HTTP
   *     sender)
   * @param excludedProviders provider classes never loaded (OpenTelemetry's Zipkin provider, which
   *     needs OkHttp; Tracery's takes its name)
   */
  ApplicationComponentLoader(
      ClassLoader classLoader, Map<Class<?>, List<?>> replacements, Set<String> excludedProviders) {
    this.classLoader = classLoader;
    this.replacements = replacements;
    this.excludedProviders = excludedProviders;
  }

  /** The application's class loader, which this loader searches. */
  ClassLoader classLoader() {
    return classLoader;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Iterable<T> load(Class<T> spiClass) {
    List<?> replacement = replacements.get(spiClass);
    if (replacement != null) {
      return (List<T>) replacement;
    }
    List<T> providers = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Iterator<T> iterator = ServiceLoader.load(spiClass, classLoader).iterator();
    int skipped = 0;
    while (skipped < MAX_SKIPPED) {
      T provider;
      try {
        if (!iterator.hasNext()) {
          break;
        }
        provider = iterator.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        skipped++;
        if (LOG.isLoggable(Level.FINE)) {
          LOG.log(Level.FINE, "Skipping a " + spiClass.getName() + " that cannot be loaded", e);
        }
        continue;
      }
      String name = provider.getClass().getName();
      if (!excludedProviders.contains(name) && seen.add(name)) {
        providers.add(provider);
      }
    }
    return providers;
  }
}
