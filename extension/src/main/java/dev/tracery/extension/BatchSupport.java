package dev.tracery.extension;

import dev.tracery.interceptors.BatchJobListener;
import dev.tracery.interceptors.BatchStepListener;
import dev.tracery.interceptors.BatchTracing;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;

/**
 * Adds Tracery's Jakarta Batch job and step listeners ({@code traceryJobListener}, {@code
 * traceryStepListener}) and, while tracing is on, the {@link BatchTracing} they use. Names Jakarta
 * Batch types: loaded only after {@link OptionalApis#batch()} found that API.
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

  static void addTracing(BeforeBeanDiscovery event, BeanManager beanManager) {
    TraceryExtension.addType(event, beanManager, BatchTracing.class);
  }
}
