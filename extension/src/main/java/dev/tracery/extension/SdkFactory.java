package dev.tracery.extension;

import dev.tracery.extension.config.ConfigKeys;
import dev.tracery.extension.config.TraceryConfig;
import dev.tracery.extension.export.ExportPipeline;
import dev.tracery.extension.export.ZipkinExporterProvider;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.semconv.ServiceAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds an application's OpenTelemetry SDK with OpenTelemetry's autoconfigure module, fed from
 * MicroProfile Config.
 *
 * <p>The application's {@code otel.*} properties, resolved by MicroProfile Config, are handed over
 * as the last word (autoconfigure's own reading of system properties and environment variables sees
 * the same sources, so nothing is lost, but MicroProfile Config's ordinals decide). Tracery's
 * defaults sit below everything. The SDK registers no JVM shutdown hook and is not made global: the
 * application's lifecycle owns it, and two applications on one server never share it.
 */
final class SdkFactory {

  /**
   * Tracery's defaults, below everything the application sets: OTLP over HTTP (autoconfigure's own
   * default is gRPC, which needs a second HTTP stack in the WAR), and metrics and logs off unless
   * the application configures an exporter for them, as MicroProfile Telemetry does.
   */
  static final Map<String, String> DEFAULTS =
      Map.of(
          ConfigKeys.OTLP_PROTOCOL.name(), "http/protobuf",
          ConfigKeys.METRICS_EXPORTER.name(), "none",
          ConfigKeys.LOGS_EXPORTER.name(), "none");

  static final Duration DEFAULT_EXPORT_TIMEOUT = ConfigKeys.DEFAULT_EXPORT_TIMEOUT;
  static final int DEFAULT_MAX_QUEUE_SIZE = ConfigKeys.DEFAULT_MAX_QUEUE_SIZE;

  private SdkFactory() {}

  /**
   * The SDK, how long its shutdown may take to export what is still queued, and its export
   * machinery.
   */
  static final class Built {
    final AutoConfiguredOpenTelemetrySdk sdk;
    final Duration shutdownTimeout;
    final Resource resource;
    final ExportPipeline pipeline;

    Built(
        AutoConfiguredOpenTelemetrySdk sdk,
        Duration shutdownTimeout,
        Resource resource,
        ExportPipeline pipeline) {
      this.sdk = sdk;
      this.shutdownTimeout = shutdownTimeout;
      this.resource = resource;
      this.pipeline = pipeline;
    }
  }

  /**
   * The component loader of one SDK build: the application's SPIs, with Tracery's sender and Zipkin
   * provider.
   */
  static ApplicationComponentLoader loader(ClassLoader classLoader, ExportPipeline pipeline) {
    return new ApplicationComponentLoader(
        classLoader,
        Map.of(HttpSenderProvider.class, List.of(pipeline.senderProvider())),
        Set.of(ZipkinExporterProvider.REPLACED));
  }

  static Built build(
      TraceryConfig config,
      ApplicationComponentLoader loader,
      ExportPipeline pipeline,
      String deploymentName) {
    // What the application supplies runs with its context class loader on any thread (exporters,
    // samplers,
    // propagators); resource providers and customizers run during this build, where it is already
    // set.
    ClassLoader classLoader = loader.classLoader();
    Map<String, String> overrides = new HashMap<>(config.otelProperties());
    // Tracery decided that tracing is on (tracery.enabled wins over otel.sdk.disabled).
    overrides.put(ConfigKeys.OTEL_SDK_DISABLED.name(), "false");

    Duration[] exportTimeout = {DEFAULT_EXPORT_TIMEOUT};
    Resource[] resource = {null};
    AutoConfiguredOpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .setComponentLoader(loader)
            .addPropertiesSupplier(() -> DEFAULTS)
            .addPropertiesCustomizer(properties -> overrides)
            .addResourceCustomizer(
                (configured, properties) -> {
                  exportTimeout[0] = exportTimeout(properties);
                  resource[0] = resource(configured, deploymentName);
                  pipeline.bufferOwner(
                      resource[0].getAttribute(ServiceAttributes.SERVICE_NAME), deploymentName);
                  return resource[0];
                })
            .addSpanExporterCustomizer(
                (exporter, properties) ->
                    pipeline.wrap(
                        ApplicationClassLoaderSpanExporter.wrap(exporter, classLoader),
                        exporter.getClass()))
            .addSamplerCustomizer(
                (sampler, properties) -> ApplicationClassLoaderSampler.wrap(sampler, classLoader))
            .addPropagatorCustomizer(
                (propagator, properties) ->
                    ApplicationClassLoaderPropagator.wrap(propagator, classLoader))
            .addSpanProcessorCustomizer(
                (processor, properties) ->
                    processor instanceof BatchSpanProcessor
                        ? pipeline.wrap(
                            processor,
                            properties.getInt(
                                ConfigKeys.BSP_MAX_QUEUE_SIZE.name(), DEFAULT_MAX_QUEUE_SIZE),
                            exportTimeout(properties))
                        : processor)
            .disableShutdownHook()
            .build();
    return new Built(sdk, exportTimeout[0], resource[0], pipeline);
  }

  private static Duration exportTimeout(ConfigProperties properties) {
    return properties.getDuration(ConfigKeys.BSP_EXPORT_TIMEOUT.name(), DEFAULT_EXPORT_TIMEOUT);
  }

  /**
   * Adds host, OS and runtime attributes below what is configured, and names the service after the
   * deployment when neither {@code otel.service.name} nor a {@code service.name} resource attribute
   * does.
   */
  static Resource resource(Resource configured, String deploymentName) {
    Resource merged = RuntimeResource.get().merge(configured);
    String serviceName = merged.getAttribute(ServiceAttributes.SERVICE_NAME);
    if (serviceName == null || serviceName.startsWith("unknown_service")) {
      merged =
          merged.merge(
              Resource.builder().put(ServiceAttributes.SERVICE_NAME, deploymentName).build());
    }
    return merged;
  }
}
