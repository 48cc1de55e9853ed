package dev.tracery.extension;

import dev.tracery.extension.export.ExportSettings;
import dev.tracery.jaxrs.HttpTracingConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;

/**
 * Tracery's configuration as read once from MicroProfile Config at deployment: whether tracing is
 * on, and every {@code otel.*} property the application can see, for OpenTelemetry's autoconfigure
 * module. Immutable; problems found while reading are collected, not thrown, so that deployment
 * reports them all at once.
 */
final class TraceryConfig {

  static final String ENABLED = "tracery.enabled";
  static final String OTEL_SDK_DISABLED = "otel.sdk.disabled";

  private static final String OTEL_PREFIX = "otel.";
  private static final String OTEL_ENV_PREFIX = "OTEL_";

  static final String EXCLUDED_PATHS = "tracery.http.server.excluded-paths";
  static final String SERVER_CAPTURE_QUERY = "tracery.http.server.capture-query";
  static final String CLIENT_CAPTURE_QUERY = "tracery.http.client.capture-query";
  static final String REDACTED_QUERY_PARAMETERS = "tracery.http.redacted-query-parameters";
  static final String RECORD_MAPPED_EXCEPTIONS = "tracery.http.server.record-mapped-exceptions";
  static final String VERSION_CHECK = "tracery.opentelemetry.version-check";
  static final String LOGS_MDC = "tracery.logs.mdc";
  static final String SERVER_REQUEST_HEADERS =
      "otel.instrumentation.http.server.capture-request-headers";
  static final String SERVER_RESPONSE_HEADERS =
      "otel.instrumentation.http.server.capture-response-headers";
  static final String CLIENT_REQUEST_HEADERS =
      "otel.instrumentation.http.client.capture-request-headers";
  static final String CLIENT_RESPONSE_HEADERS =
      "otel.instrumentation.http.client.capture-response-headers";
  static final String KNOWN_METHODS = "otel.instrumentation.http.known-methods";

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

  static TraceryConfig read(Config config) {
    List<String> problems = new ArrayList<>();
    Map<String, String> otel = otelProperties(config);

    Optional<String> traceryEnabled = config.getOptionalValue(ENABLED, String.class);
    Optional<String> sdkDisabled = Optional.ofNullable(otel.get(OTEL_SDK_DISABLED));
    boolean enabled = false;
    String switchedOnBy = null;
    if (traceryEnabled.isPresent()) {
      Boolean value = parseBoolean(ENABLED, traceryEnabled.get(), problems);
      enabled = Boolean.TRUE.equals(value);
      switchedOnBy = ENABLED + "=" + traceryEnabled.get().trim();
    } else if (sdkDisabled.isPresent()) {
      Boolean value = parseBoolean(OTEL_SDK_DISABLED, sdkDisabled.get(), problems);
      enabled = Boolean.FALSE.equals(value);
      switchedOnBy = OTEL_SDK_DISABLED + "=" + sdkDisabled.get().trim();
    }
    HttpTracingConfig http = readHttp(config, otel, problems);
    ExportSettings export = ExportConfig.read(config, otel, problems);
    boolean versionMismatchFails = true;
    Optional<String> versionCheck = config.getOptionalValue(VERSION_CHECK, String.class);
    if (versionCheck.isPresent()) {
      String value = versionCheck.get().trim();
      if (value.equalsIgnoreCase("warn")) {
        versionMismatchFails = false;
      } else if (!value.equalsIgnoreCase("fail")) {
        problems.add(ConfigProblems.invalid(VERSION_CHECK, versionCheck.get(), "fail or warn"));
      }
    }
    boolean logsMdc =
        config
            .getOptionalValue(LOGS_MDC, String.class)
            .map(value -> !Boolean.FALSE.equals(parseBoolean(LOGS_MDC, value, problems)))
            .orElse(true);
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

  private static HttpTracingConfig readHttp(
      Config config, Map<String, String> otel, List<String> problems) {
    HttpTracingConfig.Builder http = HttpTracingConfig.builder();
    List<String> excluded =
        list(config.getOptionalValue(EXCLUDED_PATHS, String.class).orElse(null));
    for (String path : excluded) {
      if (!path.startsWith("/")) {
        problems.add(
            ConfigProblems.invalid(
                EXCLUDED_PATHS,
                String.join(",", excluded),
                "a comma-separated list of paths starting with /, such as /health,/metrics/*"));
        break;
      }
    }
    http.excludedPaths(excluded);
    config
        .getOptionalValue(SERVER_CAPTURE_QUERY, String.class)
        .ifPresent(
            value ->
                http.serverCaptureQuery(
                    !Boolean.FALSE.equals(parseBoolean(SERVER_CAPTURE_QUERY, value, problems))));
    config
        .getOptionalValue(CLIENT_CAPTURE_QUERY, String.class)
        .ifPresent(
            value ->
                http.clientCaptureQuery(
                    !Boolean.FALSE.equals(parseBoolean(CLIENT_CAPTURE_QUERY, value, problems))));
    http.redactedQueryParameters(
        list(config.getOptionalValue(REDACTED_QUERY_PARAMETERS, String.class).orElse(null)));
    config
        .getOptionalValue(RECORD_MAPPED_EXCEPTIONS, String.class)
        .ifPresent(
            value ->
                http.recordMappedExceptions(
                    !Boolean.FALSE.equals(
                        parseBoolean(RECORD_MAPPED_EXCEPTIONS, value, problems))));
    http.serverRequestHeaders(list(otel.get(normalize(SERVER_REQUEST_HEADERS))));
    http.serverResponseHeaders(list(otel.get(normalize(SERVER_RESPONSE_HEADERS))));
    http.clientRequestHeaders(list(otel.get(normalize(CLIENT_REQUEST_HEADERS))));
    http.clientResponseHeaders(list(otel.get(normalize(CLIENT_RESPONSE_HEADERS))));
    String knownMethods = otel.get(normalize(KNOWN_METHODS));
    if (knownMethods != null) {
      http.knownMethods(list(knownMethods));
    }
    return http.build();
  }

  /** A comma-separated value as a list of its trimmed, non-empty elements. */
  static List<String> list(String value) {
    if (value == null) {
      return List.of();
    }
    List<String> elements = new ArrayList<>();
    for (String element : value.split(",")) {
      String trimmed = element.trim();
      if (!trimmed.isEmpty()) {
        elements.add(trimmed);
      }
    }
    return List.copyOf(elements);
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
      // it
      // stands for; MicroProfile Config then picks the source with the highest ordinal.
      Optional<String> value = config.getOptionalValue(property ? name : key, String.class);
      if (value.isEmpty()) {
        value = config.getOptionalValue(name, String.class);
      }
      value.ifPresent(v -> properties.put(key, v));
    }
    return properties;
  }

  static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replace('-', '.').replace('_', '.');
  }

  static Boolean parseBoolean(String key, String value, List<String> problems) {
    String trimmed = value.trim();
    if (trimmed.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (trimmed.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    problems.add(ConfigProblems.invalid(key, value, "true or false"));
    return null;
  }

  boolean enabled() {
    return enabled;
  }

  /**
   * Whether OpenTelemetry classes other than the ones Tracery was built with fail the deployment
   * ({@code tracery.opentelemetry.version-check=fail}, the default) or are only logged ({@code
   * warn}).
   */
  boolean versionMismatchFails() {
    return versionMismatchFails;
  }

  /**
   * Whether the current span's ids are written into the MDCs of the logging APIs the application
   * sees ({@code tracery.logs.mdc}, default true).
   */
  boolean logsMdc() {
    return logsMdc;
  }

  /**
   * The setting that switched tracing on or off, such as {@code tracery.enabled=true}; null if
   * none.
   */
  String switchedOnBy() {
    return switchedOnBy;
  }

  /** The application's {@code otel.*} properties, keyed by property name. */
  Map<String, String> otelProperties() {
    return otelProperties;
  }

  /** How spans are delivered when the collector misbehaves. */
  ExportSettings export() {
    return export;
  }

  /** How HTTP requests are traced. */
  HttpTracingConfig http() {
    return http;
  }

  String otel(String key) {
    return otelProperties.get(key);
  }

  List<String> problems() {
    return problems;
  }
}
