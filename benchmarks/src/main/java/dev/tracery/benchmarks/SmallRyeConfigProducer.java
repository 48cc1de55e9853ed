package dev.tracery.benchmarks;

import io.smallrye.opentelemetry.api.OpenTelemetryConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The {@code OpenTelemetryConfig} bean SmallRye OpenTelemetry's producer needs: every {@code
 * otel.*} MicroProfile Config property, handed to autoconfigure. SmallRye ships this in
 * smallrye-opentelemetry-config, which is not on Maven Central for 2.11; this does what that module
 * does.
 */
@Singleton
public class SmallRyeConfigProducer {

  @Produces
  @Singleton
  public OpenTelemetryConfig openTelemetryConfig() {
    Config config = ConfigProvider.getConfig();
    Map<String, String> properties = new HashMap<>();
    for (String name : config.getPropertyNames()) {
      if (name.startsWith("otel.") || name.startsWith("OTEL_")) {
        config.getOptionalValue(name, String.class).ifPresent(value -> properties.put(name, value));
      }
    }
    return () -> properties;
  }
}
