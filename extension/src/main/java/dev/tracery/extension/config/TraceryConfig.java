package dev.tracery.extension.config;

import static dev.tracery.extension.config.ConfigValues.normalize;

import dev.tracery.extension.export.ExportSettings;
import dev.tracery.jaxrs.HttpTracingConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;

/**
 * Tracery's configuration as read once from MicroProfile Config at deployment: whether tracing is
 * on, the {@link #http() http} and {@link #export() export} sections the rest of Tracery receives,
 * and every {@code otel.*} property the application can see, for OpenTelemetry's autoconfigure
 * module. Immutable; problems found while reading are collected, not thrown, so that deployment
 * reports them all at once. The keys, their defaults and their parsers are in {@link ConfigKeys}.
 */
public final class TraceryConfig {

  private static final String OTEL_PREFIX = "otel.";
  private static final String OTEL_ENV_PREFIX = "OTEL_";

  private final boolean enabled;
  private final String switchedOnBy;
  private final Map<String, String> otelProperties;
  private final HttpTracingConfig http;
  private final ExportSettings export;
  private final List<String> problems;
  private final boolean versionMismatchFails;
  private final boolean logsMdc;

  private TraceryConfig(
      boolean enabled,
      String switchedOnBy,
      Map<String, String> otelProperties,
      HttpTracingConfig http,
      ExportSettings export,
      List<String> problems,
      boolean versionMismatchFails,
      boolean logsMdc) {
    this.enabled = enabled;
    this.switchedOnBy = switchedOnBy;
    this.otelProperties = otelProperties;
    this.http = http;
    this.export = export;
    this.problems = problems;
    this.versionMismatchFails = versionMismatchFails;
    this.logsMdc = logsMdc;
  }

  /** Reads every key of {@link ConfigKeys} once; problems are collected in {@link #problems()}. */
  public static TraceryConfig read(Config config) {
    List<String> problems = new ArrayList<>();
    Map<String, String> otel = otelProperties(config);

    boolean enabled = false;
    String switchedOnBy = null;
    String traceryEnabled = ConfigKeys.ENABLED.raw(config, otel);
    String sdkDisabled = ConfigKeys.OTEL_SDK_DISABLED.raw(config, otel);
    if (traceryEnabled != null) {
      enabled = Boolean.TRUE.equals(ConfigKeys.ENABLED.parse(traceryEnabled, problems));
      switchedOnBy = ConfigKeys.ENABLED.name() + "=" + traceryEnabled.trim();
    } else if (sdkDisabled != null) {
      enabled = Boolean.FALSE.equals(ConfigKeys.OTEL_SDK_DISABLED.parse(sdkDisabled, problems));
      switchedOnBy = ConfigKeys.OTEL_SDK_DISABLED.name() + "=" + sdkDisabled.trim();
    }
    HttpTracingConfig http = readHttp(config, otel, problems);
    ExportSettings export = ExportConfig.read(config, otel, problems);
    boolean versionMismatchFails =
        !Boolean.FALSE.equals(ConfigKeys.VERSION_CHECK.read(config, otel, problems));
    boolean logsMdc = !Boolean.FALSE.equals(ConfigKeys.LOGS_MDC.read(config, otel, problems));
    return new TraceryConfig(
        enabled,
        switchedOnBy,
        Collections.unmodifiableMap(otel),
        http,
        export,
        Collections.unmodifiableList(problems),
        versionMismatchFails,
        logsMdc);
  }

  /** The {@code http} section: the HTTP keys of {@link ConfigKeys}. */
  private static HttpTracingConfig readHttp(
      Config config, Map<String, String> otel, List<String> problems) {
    HttpTracingConfig.Builder http = HttpTracingConfig.builder();
    List<String> excluded = ConfigKeys.EXCLUDED_PATHS.read(config, otel, problems);
    http.excludedPaths(excluded == null ? List.of() : excluded);
    // An invalid boolean is reported and read as the default, true.
    if (ConfigKeys.SERVER_CAPTURE_QUERY.raw(config, otel) != null) {
      http.serverCaptureQuery(
          !Boolean.FALSE.equals(ConfigKeys.SERVER_CAPTURE_QUERY.read(config, otel, problems)));
    }
    if (ConfigKeys.CLIENT_CAPTURE_QUERY.raw(config, otel) != null) {
      http.clientCaptureQuery(
          !Boolean.FALSE.equals(ConfigKeys.CLIENT_CAPTURE_QUERY.read(config, otel, problems)));
    }
    http.redactedQueryParameters(listOrEmpty(ConfigKeys.REDACTED_QUERY_PARAMETERS, config, otel));
    if (ConfigKeys.RECORD_MAPPED_EXCEPTIONS.raw(config, otel) != null) {
      http.recordMappedExceptions(
          !Boolean.FALSE.equals(ConfigKeys.RECORD_MAPPED_EXCEPTIONS.read(config, otel, problems)));
    }
    http.serverRequestHeaders(listOrEmpty(ConfigKeys.SERVER_REQUEST_HEADERS, config, otel));
    http.serverResponseHeaders(listOrEmpty(ConfigKeys.SERVER_RESPONSE_HEADERS, config, otel));
    http.clientRequestHeaders(listOrEmpty(ConfigKeys.CLIENT_REQUEST_HEADERS, config, otel));
    http.clientResponseHeaders(listOrEmpty(ConfigKeys.CLIENT_RESPONSE_HEADERS, config, otel));
    List<String> knownMethods = ConfigKeys.KNOWN_METHODS.read(config, otel, new ArrayList<>());
    if (knownMethods != null) {
      http.knownMethods(knownMethods);
    }
    return http.build();
  }

  private static List<String> listOrEmpty(
      ConfigKey<List<String>> key, Config config, Map<String, String> otel) {
    // Lists take any text: no problem can arise.
    List<String> list = key.read(config, otel, new ArrayList<>());
    return list == null ? List.of() : list;
  }

  /**
   * Every {@code otel.*} key the application's MicroProfile Config knows, with the value
   * MicroProfile Config resolves for it (so its ordinals decide between
   * microprofile-config.properties, environment variables and system properties). Keys are
   * normalized as autoconfigure normalizes them (lower case, {@code -} and {@code _} read as {@code
   * .}), so {@code OTEL_SERVICE_NAME} and {@code otel.service.name} are one key.
   */
  private static Map<String, String> otelProperties(Config config) {
    Map<String, String> properties = new TreeMap<>();
    for (String name : config.getPropertyNames()) {
      boolean property = name.startsWith(OTEL_PREFIX);
      if (!property && !name.startsWith(OTEL_ENV_PREFIX)) {
        continue;
      }
      String key = normalize(name);
      if (properties.containsKey(key)) {
        continue;
      }
      // A property is looked up under its own name, an environment variable under the property name
      // it stands for; MicroProfile Config then picks the source with the highest ordinal.
      Optional<String> value = config.getOptionalValue(property ? name : key, String.class);
      if (value.isEmpty()) {
        value = config.getOptionalValue(name, String.class);
      }
      value.ifPresent(v -> properties.put(key, v));
    }
    return properties;
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * Whether OpenTelemetry classes other than the ones Tracery was built with fail the deployment
   * ({@code tracery.opentelemetry.version-check=fail}, the default) or are only logged ({@code
   * warn}).
   */
  public boolean versionMismatchFails() {
    return versionMismatchFails;
  }

  /**
   * Whether the current span's ids are written into the MDCs of the logging APIs the application
   * sees ({@code tracery.logs.mdc}, default true).
   */
  public boolean logsMdc() {
    return logsMdc;
  }

  /**
   * The setting that switched tracing on or off, such as {@code tracery.enabled=true}; null if
   * none.
   */
  public String switchedOnBy() {
    return switchedOnBy;
  }

  /** The application's {@code otel.*} properties, keyed by normalized property name. */
  public Map<String, String> otelProperties() {
    return otelProperties;
  }

  /** The {@code export} section: how spans are delivered when the collector misbehaves. */
  public ExportSettings export() {
    return export;
  }

  /** The {@code http} section: how HTTP requests are traced. */
  public HttpTracingConfig http() {
    return http;
  }

  /** Every problem found while reading, one message each; empty when the configuration is valid. */
  public List<String> problems() {
    return problems;
  }
}
