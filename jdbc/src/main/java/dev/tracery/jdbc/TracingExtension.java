package dev.tracery.jdbc;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.interceptor.Interceptor;

/**
 * The CDI side of {@code tracery-jdbc}: chooses the stable database conventions before anything in
 * the application initializes the instrumentation API's conventions switch, and tells wrapped data
 * sources when the application's {@code OpenTelemetry} bean is ready (after Tracery's own extension
 * has started the SDK in the same event).
 */
public class TracingExtension implements Extension {

  private volatile boolean deployed;

  void chooseConventions(
      @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) BeforeBeanDiscovery event) {
    DatabaseTelemetry.useStableConventions();
  }

  void ready(
      @Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 1000)
          AfterDeploymentValidation event) {
    deployed = true;
  }

  boolean deployed() {
    return deployed;
  }
}
