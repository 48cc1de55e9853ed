package dev.tracery.extension;

/**
 * Tells OpenTelemetry's own components (built-in samplers, W3C/B3/Jaeger propagators and the
 * composites holding them) from the application's. A WAR bundles OpenTelemetry with the
 * application, so both come from the same class loader; the package tells them apart.
 */
final class OpenTelemetryClasses {

  private OpenTelemetryClasses() {}

  static boolean isOwn(Object component) {
    return component.getClass().getName().startsWith("io.opentelemetry.");
  }
}
