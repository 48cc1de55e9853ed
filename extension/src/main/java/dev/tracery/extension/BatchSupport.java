package dev.tracery.extension;

import dev.tracery.interceptors.BatchJobListener;
import dev.tracery.interceptors.BatchStepListener;
import dev.tracery.interceptors.BatchTracing;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.inject.Singleton;
import java.util.function.Supplier;

/**
 * Adds Tracery's Jakarta Batch job and step listeners ({@code traceryJobListener}, {@code
 * traceryStepListener}) and, while tracing is on, the {@link BatchTracing} bean they use. Names
 * Jakarta Batch types: loaded only after {@link OptionalApis#batch()} found that API.
 */
final class BatchSupport {

  /**
   * The classes this one adds, by name: constants the compiler copies into their users, so checking
   * a discovered type against them loads neither this class nor any Jakarta Batch type.
   */
  static final String JOB_LISTENER = "dev.tracery.interceptors.BatchJobListener";

  static final String STEP_LISTENER = "dev.tracery.interceptors.BatchStepListener";
  static final String TRACING = "dev.tracery.interceptors.BatchTracing";

  private BatchSupport() {}

  static void addListeners(BeforeBeanDiscovery event, BeanManager beanManager) {
    TraceryExtension.addType(event, beanManager, BatchJobListener.class);
    TraceryExtension.addType(event, beanManager, BatchStepListener.class);
  }

  /**
   * Adds the application's {@link BatchTracing} as a bean built by the extension, as the {@code
   * OpenTelemetry} bean is, not as an annotated type. Weld puts a bean added here in the
   * extension's bean archive, which every archive of the application sees. Added as an annotated
   * type in {@code BeforeBeanDiscovery} instead, it went to the archive the server had found its
   * class in: Payara 6 (Weld 5), which scans Tracery's jar, put it in that jar's archive ({@code
   * BatchTracing} was then {@code @Singleton}) and the listeners in the extension's own archive,
   * from where the jar's archive is not visible, so their {@code Instance<BatchTracing>} was
   * unsatisfied (seen in a diagnostic run, from the beans' ids).
   */
  static void addTracing(AfterBeanDiscovery event, Supplier<OpenTelemetry> openTelemetry) {
    event
        .addBean()
        .types(BatchTracing.class, Object.class)
        .scope(Singleton.class)
        .createWith(context -> new BatchTracing(openTelemetry.get()));
  }
}
