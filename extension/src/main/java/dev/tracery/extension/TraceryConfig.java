package dev.tracery.extension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;

/**
 * Tracery's configuration as read once from MicroProfile Config at deployment: whether tracing is on,
 * and every {@code otel.*} property the application can see, for OpenTelemetry's autoconfigure module.
 * Immutable; problems found while reading are collected, not thrown, so that deployment reports them all
 * at once.
 */
final class TraceryConfig {

  static final String ENABLED = "tracery.enabled";
  static final String OTEL_SDK_DISABLED = "otel.sdk.disabled";

  private static final String OTEL_PREFIX = "otel.";
  private static final String OTEL_ENV_PREFIX = "OTEL_";

  private final boolean enabled;
  private final String switchedOnBy;
  private final Map<String, String> otelProperties;
  private final List<String> problems;

  private TraceryConfig(
      boolean enabled, String switchedOnBy, Map<String, String> otelProperties, List<String> problems) {
    this.enabled = enabled;
    this.switchedOnBy = switchedOnBy;
    this.otelProperties = otelProperties;
    this.problems = problems;
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
    return new TraceryConfig(
        enabled, switchedOnBy, Collections.unmodifiableMap(otel), Collections.unmodifiableList(problems));
  }

  /**
   * Every {@code otel.*} key the application's MicroProfile Config knows, with the value MicroProfile
   * Config resolves for it (so its ordinals decide between microprofile-config.properties, environment
   * variables and system properties). Environment variables are enumerated under their own names
   * ({@code OTEL_SERVICE_NAME}); they are looked up under the property name they stand for.
   */
  private static Map<String, String> otelProperties(Config config) {
    Map<String, String> properties = new TreeMap<>();
    for (String name : config.getPropertyNames()) {
      String key;
      if (name.startsWith(OTEL_PREFIX)) {
        key = name;
      } else if (name.startsWith(OTEL_ENV_PREFIX)) {
        key = name.toLowerCase(Locale.ROOT).replace('_', '.');
      } else {
        continue;
      }
      if (properties.containsKey(key)) {
        continue;
      }
      Optional<String> value = config.getOptionalValue(key, String.class);
      if (value.isEmpty() && !key.equals(name)) {
        value = config.getOptionalValue(name, String.class);
      }
      value.ifPresent(v -> properties.put(key, v));
    }
    return properties;
  }

  private static Boolean parseBoolean(String key, String value, List<String> problems) {
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

  /** The setting that switched tracing on or off, such as {@code tracery.enabled=true}; null if none. */
  String switchedOnBy() {
    return switchedOnBy;
  }

  /** The application's {@code otel.*} properties, keyed by property name. */
  Map<String, String> otelProperties() {
    return otelProperties;
  }

  String otel(String key) {
    return otelProperties.get(key);
  }

  List<String> problems() {
    return problems;
  }
}
