package dev.tracery.jdbc;

import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;

/**
 * Adds {@link QueryTextSanitizer} to the application's SDK, which Tracery builds with
 * OpenTelemetry's autoconfigure module (found through {@code META-INF/services}). Public only for
 * the service loader.
 */
public final class QueryTextSanitizerProvider implements AutoConfigurationCustomizerProvider {

  @Override
  public void customize(AutoConfigurationCustomizer autoConfiguration) {
    autoConfiguration.addTracerProviderCustomizer(
        (builder, config) -> builder.addSpanProcessor(new QueryTextSanitizer()));
  }
}
