package dev.tracery.extension.config;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurablePropagatorProvider;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSamplerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns bad configuration into messages that name the key, the value and what is allowed.
 *
 * <p>OpenTelemetry's autoconfigure module does the reading; this class only checks, before the SDK
 * is built, the keys whose autoconfigure messages leave the user guessing (which sampler or
 * exporter names exist, which range a ratio has), and rewords the autoconfigure failures it knows
 * in the same form.
 */
public final class ConfigProblems {

  private static final String SAMPLER = ConfigKeys.SAMPLER.name();
  private static final String SAMPLER_ARG = ConfigKeys.SAMPLER_ARG.name();
  private static final String EXPORTER = ConfigKeys.TRACES_EXPORTER.name();
  private static final String PROPAGATORS = ConfigKeys.PROPAGATORS.name();

  /**
   * Samplers autoconfigure builds itself; others come from {@link ConfigurableSamplerProvider}s.
   */
  private static final List<String> BUILT_IN_SAMPLERS =
      List.of(
          "always_on",
          "always_off",
          "traceidratio",
          "parentbased_always_on",
          "parentbased_always_off",
          "parentbased_traceidratio");

  private static final Set<String> RATIO_SAMPLERS =
      Set.of("traceidratio", "parentbased_traceidratio");

  /**
   * Propagators autoconfigure builds itself; others come from {@link
   * ConfigurablePropagatorProvider}s.
   */
  private static final List<String> BUILT_IN_PROPAGATORS =
      List.of("tracecontext", "baggage", "none");

  private static final List<String> ENDPOINT_KEYS =
      List.of(
          ConfigKeys.OTLP_ENDPOINT.name(),
          ConfigKeys.OTLP_TRACES_ENDPOINT.name(),
          ConfigKeys.ZIPKIN_ENDPOINT.name());

  private static final List<String> PROTOCOL_KEYS =
      List.of(ConfigKeys.OTLP_PROTOCOL.name(), ConfigKeys.OTLP_TRACES_PROTOCOL.name());

  private static final List<String> COMPRESSION_KEYS =
      List.of(ConfigKeys.OTLP_COMPRESSION.name(), ConfigKeys.OTLP_TRACES_COMPRESSION.name());

  private static final String BSP_MAX_QUEUE_SIZE = ConfigKeys.BSP_MAX_QUEUE_SIZE.name();
  private static final String BSP_MAX_EXPORT_BATCH_SIZE =
      ConfigKeys.BSP_MAX_EXPORT_BATCH_SIZE.name();

  /**
   * Duration keys; their ranges, from 1 ms, are in {@link ConfigKeys}. The export timeouts end at 5
   * minutes, WildFly's default deployment timeout (undeploy waits for the last export); the
   * schedule delay at an hour.
   */
  private static final List<ConfigKey<Duration>> DURATION_KEYS =
      List.of(
          ConfigKeys.BSP_SCHEDULE_DELAY,
          ConfigKeys.BSP_EXPORT_TIMEOUT,
          ConfigKeys.OTLP_TIMEOUT,
          ConfigKeys.OTLP_TRACES_TIMEOUT,
          ConfigKeys.ZIPKIN_TIMEOUT);

  /**
   * autoconfigure: {@code Invalid value for property otel.bsp.max.queue.size=abc. Must be a
   * integer.}
   */
  private static final Pattern AUTOCONFIGURE_INVALID_VALUE =
      Pattern.compile(
          "Invalid value for property ([^=\\s]+)=(.*)\\. Must be an? ([\\w ]+)\\.?",
          Pattern.DOTALL);

  /**
   * autoconfigure: {@code Invalid duration property otel.bsp.schedule.delay=soon. Expected number,
   * found: }
   */
  private static final Pattern AUTOCONFIGURE_INVALID_DURATION =
      Pattern.compile("Invalid duration property ([^=\\s]+)=(.*?)\\. .*", Pattern.DOTALL);

  /** autoconfigure: {@code Invalid map property: otel.resource.attributes=a} */
  private static final Pattern AUTOCONFIGURE_INVALID_MAP =
      Pattern.compile("Invalid map property: ([^=\\s]+)=(.*)", Pattern.DOTALL);

  private ConfigProblems() {}

  static String invalid(String key, String value, String expected) {
    return "Invalid value '" + value + "' for '" + key + "': expected " + expected;
  }

  /** Checks the application's {@code otel.*} properties; returns one message per problem found. */
  public static List<String> check(Map<String, String> otel, ComponentLoader loader) {
    List<String> problems = new ArrayList<>();

    String sampler = otel.get(SAMPLER);
    String samplerName = sampler == null ? null : sampler.trim().toLowerCase(Locale.ROOT);
    if (samplerName != null) {
      Set<String> allowed = new LinkedHashSet<>(BUILT_IN_SAMPLERS);
      for (ConfigurableSamplerProvider provider : loader.load(ConfigurableSamplerProvider.class)) {
        allowed.add(provider.getName());
      }
      if (!allowed.contains(samplerName)) {
        problems.add(invalid(SAMPLER, sampler, "one of " + String.join(", ", allowed)));
      }
    }
    String ratio = otel.get(SAMPLER_ARG);
    if (ratio != null && (samplerName == null || RATIO_SAMPLERS.contains(samplerName))) {
      if (!isRatio(ratio)) {
        problems.add(invalid(SAMPLER_ARG, ratio, "a number between 0.0 and 1.0"));
      }
    }

    String exporters = otel.get(EXPORTER);
    if (exporters != null) {
      Set<String> allowed = new LinkedHashSet<>();
      for (ConfigurableSpanExporterProvider provider :
          loader.load(ConfigurableSpanExporterProvider.class)) {
        allowed.add(provider.getName());
      }
      allowed.add("none");
      List<String> names = names(exporters);
      for (String name : names) {
        if (!allowed.contains(name)) {
          problems.add(
              invalid(
                  EXPORTER, exporters, "a comma-separated list of " + String.join(", ", allowed)));
          break;
        }
      }
      if (names.contains("none") && names.size() > 1) {
        problems.add(
            invalid(EXPORTER, exporters, "'none' alone, or a list of exporters without it"));
      }
    }

    String propagators = otel.get(PROPAGATORS);
    if (propagators != null) {
      Set<String> allowed = new LinkedHashSet<>(BUILT_IN_PROPAGATORS);
      for (ConfigurablePropagatorProvider provider :
          loader.load(ConfigurablePropagatorProvider.class)) {
        allowed.add(provider.getName());
      }
      for (String name : names(propagators)) {
        if (!allowed.contains(name)) {
          problems.add(
              invalid(
                  PROPAGATORS,
                  propagators,
                  "a comma-separated list of " + String.join(", ", allowed)));
          break;
        }
      }
    }

    for (String key : ENDPOINT_KEYS) {
      String endpoint = otel.get(key);
      if (endpoint == null) {
        continue;
      }
      // Shown as scheme, host, port and path: user info and query may hold credentials.
      String shown = Secrets.safeUrl(endpoint);
      URI uri = httpUrl(endpoint.trim());
      if (uri == null) {
        problems.add(
            invalid(key, shown, "an http:// or https:// URL such as http://localhost:4318"));
      } else if (uri.getRawUserInfo() != null) {
        problems.add(
            invalid(
                key,
                shown + " with user info",
                "a URL without user info: the HTTP client does not send it;"
                    + " put credentials in otel.exporter.otlp.headers (e.g. Authorization=Basic ...)"));
      } else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        problems.add(
            invalid(
                key,
                shown + " with a query or fragment",
                "a URL without query or fragment"
                    + " (scheme, host, port and path); put credentials in otel.exporter.otlp.headers"));
      }
    }
    checkNumbers(otel, problems);
    for (String key : PROTOCOL_KEYS) {
      String protocol = otel.get(key);
      if (protocol == null) {
        continue;
      }
      if (!List.of("http/protobuf", "grpc").contains(protocol.trim())) {
        problems.add(invalid(key, protocol, "http/protobuf or grpc"));
      } else if (protocol.trim().equals("grpc")
          && !loader.load(GrpcSenderProvider.class).iterator().hasNext()) {
        problems.add(
            invalid(
                key,
                protocol,
                "http/protobuf: Tracery bundles no gRPC sender. To export over gRPC, add one to the WAR"
                    + " (io.opentelemetry:opentelemetry-exporter-sender-okhttp, which brings OkHttp and Kotlin, about 3.5 MB)"));
      }
    }
    for (String key : COMPRESSION_KEYS) {
      String compression = otel.get(key);
      if (compression != null && !List.of("gzip", "none").contains(compression.trim())) {
        problems.add(invalid(key, compression, "gzip or none"));
      }
    }
    return problems;
  }

  /**
   * Checks the numbers of the batch processor and exporter keys Tracery relies on, within ranges
   * that make sense, before autoconfigure reads them: autoconfigure saturates {@code 200000d} to
   * 292 years, takes {@code otel.bsp.max.queue.size=0}, and turns an overflow into a failure
   * without a key.
   */
  private static void checkNumbers(Map<String, String> otel, List<String> problems) {
    for (ConfigKey<Duration> key : DURATION_KEYS) {
      key.read(otel, problems);
    }
    long queueSize = ConfigKeys.DEFAULT_MAX_QUEUE_SIZE;
    String queue = otel.get(BSP_MAX_QUEUE_SIZE);
    if (queue != null) {
      Long size = ConfigKeys.BSP_MAX_QUEUE_SIZE.parse(queue, problems);
      queueSize = size == null ? ConfigKeys.MAX_QUEUE_SIZE : size;
    }
    String batch = otel.get(BSP_MAX_EXPORT_BATCH_SIZE);
    if (batch != null) {
      List<String> batchProblems = new ArrayList<>();
      ConfigValues.whole(BSP_MAX_EXPORT_BATCH_SIZE, batch, 1, queueSize, batchProblems);
      if (!batchProblems.isEmpty()) {
        problems.add(
            invalid(
                BSP_MAX_EXPORT_BATCH_SIZE,
                batch,
                "a whole number from 1 to "
                    + queueSize
                    + ", the queue size ("
                    + BSP_MAX_QUEUE_SIZE
                    + (queue == null ? ", its default" : "")
                    + ")"));
      }
    }
  }

  /**
   * Rewords a failure of OpenTelemetry's autoconfigure module in Tracery's form where its message
   * is one autoconfigure is known to produce; otherwise passes the message on.
   */
  public static String describe(Throwable failure, Secrets secrets) {
    return secrets.redact(describe(failure));
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure;
    // autoconfigure wraps what its components throw in "Unexpected configuration error".
    while (cause.getCause() != null
        && cause.getCause() != cause
        && (cause.getMessage() == null
            || cause.getMessage().startsWith("Unexpected configuration error"))) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    Matcher matcher = AUTOCONFIGURE_INVALID_VALUE.matcher(message);
    if (matcher.matches()) {
      return invalid(
          matcher.group(1),
          redact(matcher.group(1), matcher.group(2)),
          expectedType(matcher.group(3).trim()));
    }
    matcher = AUTOCONFIGURE_INVALID_DURATION.matcher(message);
    if (matcher.matches()) {
      return invalid(
          matcher.group(1), redact(matcher.group(1), matcher.group(2)), expectedType("duration"));
    }
    matcher = AUTOCONFIGURE_INVALID_MAP.matcher(message);
    if (matcher.matches()) {
      if (matcher.group(1).contains("headers")) {
        return invalid(
            matcher.group(1),
            redact(matcher.group(1), matcher.group(2)),
            "comma-separated name=value pairs with percent-encoded values, such as Authorization=Bearer%20<token>");
      }
      return invalid(
          matcher.group(1),
          redact(matcher.group(1), matcher.group(2)),
          "comma-separated key=value pairs, such as service.version=1.4.0,deployment.environment.name=prod");
    }
    return "OpenTelemetry could not be configured: " + message;
  }

  /** Header values carry credentials (an API key, a bearer token) and never appear in a message. */
  static String redact(String key, String value) {
    if (key.contains("headers")) {
      return Secrets.REDACTED;
    }
    return key.endsWith("endpoint") ? Secrets.safeUrl(value) : value;
  }

  private static String expectedType(String type) {
    switch (type) {
      case "duration":
        return "a duration: milliseconds, or a number with a unit ms, s, m, h or d (5000, 5s)";
      case "integer":
      case "long":
        return "a whole number";
      case "double":
        return "a number";
      default:
        return "a " + type;
    }
  }

  private static List<String> names(String list) {
    List<String> names = new ArrayList<>();
    for (String part : list.split(",")) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }

  private static boolean isRatio(String value) {
    try {
      double ratio = Double.parseDouble(value.trim());
      return ratio >= 0.0 && ratio <= 1.0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The value as an http or https URL with a host; null when it is not one. */
  private static URI httpUrl(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme();
      boolean http =
          ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
              && uri.getHost() != null
              && !uri.getHost().isEmpty();
      return http ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
