package dev.tracery.it.retry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The {@code Meter} bean that WildFly's Fault Tolerance (SmallRye) looks up whenever a Fault Tolerance
 * method is first called, even with its metrics disabled. WildFly's MicroProfile Telemetry subsystem
 * provides it, but a WAR that bundles Tracery excludes that subsystem; this one comes from Tracery's
 * {@code OpenTelemetry} (metrics exporter {@code none} by default, so nothing is sent).
 */
@ApplicationScoped
public class FaultToleranceMeter {

  @Produces
  @ApplicationScoped
  Meter meter(OpenTelemetry openTelemetry) {
    return openTelemetry.getMeter("fault-tolerance");
  }
}
