package dev.tracery.extension.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * One row of {@link ConfigKeys}: a configuration key with its default, what is allowed, one line of
 * documentation, and the parser that reads and validates its value. Immutable.
 *
 * <p>{@code tracery.*} keys are read from MicroProfile Config under their own name (which also
 * finds the environment variable {@link #environmentVariable()}); {@code otel.*} keys from the
 * application's {@code otel.*} properties as {@link TraceryConfig} collected and normalized them.
 *
 * @param <T> the type of the parsed value
 */
public final class ConfigKey<T> {

  /**
   * Reads one value: returns it, or adds one problem naming the key, the value and what is allowed
   * and returns null.
   */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(String key, String value, List<String> problems);
  }

  /** Who reads a key. */
  public enum ReadBy {
    /** Tracery reads and validates it at deployment. */
    TRACERY,
    /**
     * OpenTelemetry's autoconfigure module reads it; Tracery checks it at deployment before the SDK
     * is built, with the message form of its own keys.
     */
    TRACERY_AND_AUTOCONFIGURE,
    /** OpenTelemetry reads it; Tracery hands it over unchanged. */
    OPENTELEMETRY,
    /** Documented so that nobody expects it to work: nothing reads it. */
    NOBODY
  }

  private final String name;
  private final String section;
  private final ReadBy readBy;
  private final String defaultValue;
  private final String allowed;
  private final String doc;
  private final Parser<T> parser;

  ConfigKey(
      String name,
      String section,
      ReadBy readBy,
      String defaultValue,
      String allowed,
      String doc,
      Parser<T> parser) {
    this.name = name;
    this.section = section;
    this.readBy = readBy;
    this.defaultValue = defaultValue;
    this.allowed = allowed;
    this.doc = doc;
    this.parser = parser;
  }

  /** The key as users write it, such as {@code tracery.http.server.capture-query}. */
  public String name() {
    return name;
  }

  /** The heading of docs/configuration.md the key belongs under. */
  public String section() {
    return section;
  }

  public ReadBy readBy() {
    return readBy;
  }

  /** The default as users read it in the reference. */
  public String defaultValue() {
    return defaultValue;
  }

  /** The values allowed, as users read them in the reference. */
  public String allowed() {
    return allowed;
  }

  /** One line of documentation. */
  public String doc() {
    return doc;
  }

  /**
   * The environment variable MicroProfile Config maps to the key: every character other than a
   * letter or digit becomes {@code _}, then upper case ({@code TRACERY_HTTP_SERVER_CAPTURE_QUERY},
   * {@code OTEL_BSP_EXPORT_TIMEOUT}).
   */
  public String environmentVariable() {
    return name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  /**
   * The value the application set, as written; null when unset.
   *
   * @param otel the application's {@code otel.*} properties, keys normalized
   */
  String raw(Config config, Map<String, String> otel) {
    if (name.startsWith("otel.")) {
      return otel.get(ConfigValues.normalize(name));
    }
    return config.getOptionalValue(name, String.class).orElse(null);
  }

  /** The parsed value; null when unset, or when invalid (one problem added). */
  T read(Config config, Map<String, String> otel, List<String> problems) {
    String value = raw(config, otel);
    return value == null ? null : parse(value, problems);
  }

  /** The parsed value of an {@code otel.*} key; null when unset, or when invalid. */
  T read(Map<String, String> otel, List<String> problems) {
    String value = otel.get(ConfigValues.normalize(name));
    return value == null ? null : parse(value, problems);
  }

  /** Parses a value of this key; null (and one problem) when it is invalid. */
  T parse(String value, List<String> problems) {
    if (parser == null) {
      throw new IllegalStateException(name + " is not read by Tracery");
    }
    return parser.parse(name, value, problems);
  }

  @Override
  public String toString() {
    return name;
  }
}
