package dev.tracery.extension.export;

import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * {@code otel.traces.exporter=zipkin}, sending with the JDK's HttpURLConnection instead of the
 * OkHttp sender OpenTelemetry's own Zipkin provider requires. Reads the same keys it does: {@code
 * otel.exporter.zipkin.endpoint} (default {@value #DEFAULT_ENDPOINT}) and {@code
 * otel.exporter.zipkin.timeout} (default 10 s). Replaces OpenTelemetry's provider of the same name.
 */
public class ZipkinExporterProvider implements ConfigurableSpanExporterProvider {

  public static final String DEFAULT_ENDPOINT = "http://localhost:9411/api/v2/spans";

  /** The provider this one replaces. */
  public static final String REPLACED =
      "io.opentelemetry.exporter.zipkin.internal.ZipkinSpanExporterProvider";

  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    String endpoint = config.getString("otel.exporter.zipkin.endpoint", DEFAULT_ENDPOINT);
    Duration timeout = config.getDuration("otel.exporter.zipkin.timeout", Duration.ofSeconds(10));
    URLConnectionSender sender =
        URLConnectionSender.newBuilder()
            .endpoint(endpoint)
            .connectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
            .readTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
            .build();
    return ZipkinSpanExporter.builder().setSender(sender).build();
  }

  @Override
  public String getName() {
    return "zipkin";
  }
}
