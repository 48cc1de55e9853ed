package dev.tracery.extension.config;

import static dev.tracery.extension.config.ConfigKey.ReadBy.NOBODY;
import static dev.tracery.extension.config.ConfigKey.ReadBy.OPENTELEMETRY;
import static dev.tracery.extension.config.ConfigKey.ReadBy.TRACERY;
import static dev.tracery.extension.config.ConfigKey.ReadBy.TRACERY_AND_AUTOCONFIGURE;
import static dev.tracery.extension.config.ConfigValues.show;
import static dev.tracery.extension.config.ConfigValues.showSize;

import dev.tracery.extension.config.ConfigKey.Parser;
import dev.tracery.extension.config.ConfigKey.ReadBy;
import dev.tracery.extension.export.ExportSettings;
import dev.tracery.jaxrs.HttpTracingConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every configuration key Tracery reads, checks or documents: the one table of keys. Each row has
 * the key, its default, what is allowed, one line of documentation and the parser that reads and
 * validates it ({@link ConfigValues}); {@link TraceryConfig} reads the rows into the immutable
 * configuration at deployment, and {@code ConfigurationReferenceTest} keeps docs/configuration.md
 * in step with the table.
 *
 * <p><b>A new key</b> is one constant here, added to {@link #ALL} by its factory method; then read
 * it in {@link TraceryConfig} (or, for the {@code tracery.exporter.*} section, {@link
 * ExportConfig}) into the section that needs it, and regenerate the reference (the test says how).
 * Rules that tie two keys together (a backoff at most the longest backoff, the retry budget at most
 * the export timeout, a batch at most the queue) live in the reader of their section.
 */
public final class ConfigKeys {

  private static final List<ConfigKey<?>> KEYS = new ArrayList<>();

  // The ranges every value must lie in. Values outside make no sense for a batch of spans (a retry
  // an hour away, an undeploy waiting longer than a server's deployment timeout) or would overflow.
  static final Duration MIN_DURATION = Duration.ofMillis(1);

  /**
   * Longest backoff, retry budget and export timeout: WildFly's default deployment timeout, which
   * undeploy waits on too.
   */
  static final Duration MAX_EXPORT_DURATION = Duration.ofMinutes(5);

  static final Duration MAX_OPEN_DURATION = Duration.ofHours(1);
  static final Duration MAX_SCHEDULE_DELAY = Duration.ofHours(1);
  static final int MAX_ATTEMPTS_LIMIT = 100;
  static final int MAX_FAILURE_THRESHOLD = 1000;
  static final long MIN_BUFFER_BYTES = 1L << 20;
  static final long MAX_BUFFER_BYTES = 1L << 40;

  /** More ended spans than this waiting in memory is a heap problem, not a queue. */
  static final long MAX_QUEUE_SIZE = 1_000_000;

  /** The batch processor's defaults, as OpenTelemetry's autoconfigure has them. */
  public static final Duration DEFAULT_EXPORT_TIMEOUT = Duration.ofSeconds(30);

  public static final int DEFAULT_MAX_QUEUE_SIZE = 2048;

  private static final String DURATION_FORM = "milliseconds, or a whole number with ms, s, m, h, d";
  private static final String BOOLEAN = "`true`, `false`";

  // --- Switching it on ---

  public static final ConfigKey<Boolean> ENABLED =
      key(
          "tracery.enabled",
          "Switching it on",
          TRACERY,
          "unset (off)",
          BOOLEAN,
          "`true` switches tracing on, `false` off; when set it wins over `otel.sdk.disabled`",
          ConfigValues::bool);

  public static final ConfigKey<Boolean> OTEL_SDK_DISABLED =
      key(
          "otel.sdk.disabled",
          "Switching it on",
          TRACERY,
          "`true`",
          BOOLEAN,
          "`false` switches tracing on when `tracery.enabled` is unset",
          ConfigValues::bool);

  public static final ConfigKey<Boolean> VERSION_CHECK =
      key(
          "tracery.opentelemetry.version-check",
          "Switching it on",
          TRACERY,
          "`fail`",
          "`fail`, `warn`",
          "whether OpenTelemetry classes of other versions than Tracery's fail the deployment",
          (key, value, problems) -> {
            String trimmed = value.trim();
            if (trimmed.equalsIgnoreCase("warn")) {
              return Boolean.FALSE;
            }
            if (trimmed.equalsIgnoreCase("fail")) {
              return Boolean.TRUE;
            }
            problems.add(ConfigProblems.invalid(key, value, "fail or warn"));
            return null;
          });

  // --- OpenTelemetry: checked by Tracery, read by autoconfigure ---

  public static final ConfigKey<String> SERVICE_NAME =
      documented(
          "otel.service.name",
          OPENTELEMETRY,
          "the deployment's name",
          "any name",
          "`service.name` of every span");

  public static final ConfigKey<String> RESOURCE_ATTRIBUTES =
      documented(
          "otel.resource.attributes",
          OPENTELEMETRY,
          "none",
          "comma-separated `key=value` pairs",
          "resource attributes of every span");

  public static final ConfigKey<String> TRACES_EXPORTER =
      checked(
          "otel.traces.exporter",
          "`otlp`",
          "comma-separated: `otlp`, `zipkin`, `console`, an exporter of yours; or `none` alone",
          "where spans go");

  public static final ConfigKey<String> OTLP_ENDPOINT =
      checked(
          "otel.exporter.otlp.endpoint",
          "`http://localhost:4318`",
          "an `http://` or `https://` URL without user info, query or fragment",
          "the collector; spans go to `<endpoint>/v1/traces`");

  public static final ConfigKey<String> OTLP_TRACES_ENDPOINT =
      checked(
          "otel.exporter.otlp.traces.endpoint",
          "none",
          "an `http://` or `https://` URL without user info, query or fragment",
          "the full URL spans go to, when it is not `<endpoint>/v1/traces`");

  public static final ConfigKey<String> ZIPKIN_ENDPOINT =
      checked(
          "otel.exporter.zipkin.endpoint",
          "`http://localhost:9411/api/v2/spans`",
          "an `http://` or `https://` URL without user info, query or fragment",
          "where the `zipkin` exporter sends");

  public static final ConfigKey<String> OTLP_PROTOCOL =
      checked(
          "otel.exporter.otlp.protocol",
          "`http/protobuf`",
          "`http/protobuf`; `grpc` only with a gRPC sender added to the WAR",
          "how OTLP is sent");

  public static final ConfigKey<String> OTLP_TRACES_PROTOCOL =
      checked(
          "otel.exporter.otlp.traces.protocol",
          "`otel.exporter.otlp.protocol`",
          "`http/protobuf`; `grpc` only with a gRPC sender added to the WAR",
          "how OTLP spans are sent, when not as `otel.exporter.otlp.protocol` says");

  public static final ConfigKey<String> OTLP_HEADERS =
      documented(
          "otel.exporter.otlp.headers",
          OPENTELEMETRY,
          "none",
          "comma-separated `name=value`, values percent-encoded",
          "headers of every OTLP request; never logged");

  public static final ConfigKey<String> OTLP_TRACES_HEADERS =
      documented(
          "otel.exporter.otlp.traces.headers",
          OPENTELEMETRY,
          "none",
          "comma-separated `name=value`, values percent-encoded",
          "headers of every OTLP span request; never logged");

  public static final ConfigKey<String> OTLP_COMPRESSION =
      checked(
          "otel.exporter.otlp.compression",
          "`none`",
          "`gzip`, `none`",
          "compression of OTLP requests");

  public static final ConfigKey<String> OTLP_TRACES_COMPRESSION =
      checked(
          "otel.exporter.otlp.traces.compression",
          "`otel.exporter.otlp.compression`",
          "`gzip`, `none`",
          "compression of OTLP span requests");

  public static final ConfigKey<Duration> OTLP_TIMEOUT =
      otelDuration(
          "otel.exporter.otlp.timeout",
          "`10s`",
          MAX_EXPORT_DURATION,
          "longest wait for one attempt");

  public static final ConfigKey<Duration> OTLP_TRACES_TIMEOUT =
      otelDuration(
          "otel.exporter.otlp.traces.timeout",
          "`otel.exporter.otlp.timeout`",
          MAX_EXPORT_DURATION,
          "longest wait for one attempt to send spans");

  public static final ConfigKey<Duration> ZIPKIN_TIMEOUT =
      otelDuration(
          "otel.exporter.zipkin.timeout",
          "`10s`",
          MAX_EXPORT_DURATION,
          "longest wait for one request of the `zipkin` exporter");

  public static final ConfigKey<String> SAMPLER =
      checked(
          "otel.traces.sampler",
          "`parentbased_always_on`",
          "`always_on`, `always_off`, `traceidratio`, `parentbased_always_on`,"
              + " `parentbased_always_off`, `parentbased_traceidratio`, a sampler of yours",
          "which spans are recorded");

  public static final ConfigKey<String> SAMPLER_ARG =
      checked(
          "otel.traces.sampler.arg",
          "`1.0`",
          "0.0 to 1.0 (ratio samplers)",
          "the ratio of the `traceidratio` samplers");

  public static final ConfigKey<String> PROPAGATORS =
      checked(
          "otel.propagators",
          "`tracecontext,baggage`",
          "comma-separated: `tracecontext`, `baggage`, `none`, or a propagator provider's name"
              + " (`b3`, `b3multi`, `jaeger`, `ottrace`, ...)",
          "how trace context travels in headers");

  public static final ConfigKey<Duration> BSP_SCHEDULE_DELAY =
      otelDuration(
          "otel.bsp.schedule.delay",
          "`5s`",
          MAX_SCHEDULE_DELAY,
          "how often queued spans are exported");

  public static final ConfigKey<Duration> BSP_EXPORT_TIMEOUT =
      otelDuration(
          "otel.bsp.export.timeout",
          "`" + show(DEFAULT_EXPORT_TIMEOUT) + "`",
          MAX_EXPORT_DURATION,
          "longest wait for one export, and for the last one at shutdown");

  public static final ConfigKey<Long> BSP_MAX_QUEUE_SIZE =
      key(
          "otel.bsp.max.queue.size",
          "OpenTelemetry's keys",
          TRACERY_AND_AUTOCONFIGURE,
          "`" + DEFAULT_MAX_QUEUE_SIZE + "`",
          "1 to " + MAX_QUEUE_SIZE,
          "ended spans waiting for export; more are dropped and counted",
          (key, value, problems) -> ConfigValues.whole(key, value, 1, MAX_QUEUE_SIZE, problems));

  /** Its upper bound is the queue size: checked in {@link ConfigProblems#check}. */
  public static final ConfigKey<String> BSP_MAX_EXPORT_BATCH_SIZE =
      checked(
          "otel.bsp.max.export.batch.size",
          "`512`",
          "1 to `otel.bsp.max.queue.size`",
          "spans per export request");

  public static final ConfigKey<String> METRICS_EXPORTER =
      documented(
          "otel.metrics.exporter",
          OPENTELEMETRY,
          "`none` (Tracery's default)",
          "OpenTelemetry's metrics exporters",
          "set it to use the SDK for metrics too");

  public static final ConfigKey<String> LOGS_EXPORTER =
      documented(
          "otel.logs.exporter",
          OPENTELEMETRY,
          "`none` (Tracery's default)",
          "OpenTelemetry's log exporters",
          "set it to use the SDK for logs too");

  // --- HTTP ---

  public static final ConfigKey<List<String>> EXCLUDED_PATHS =
      key(
          "tracery.http.server.excluded-paths",
          "HTTP",
          TRACERY,
          "none",
          "comma-separated paths starting with `/`, exact or ending in `*`",
          "requests that make no span",
          (key, value, problems) -> {
            List<String> excluded = ConfigValues.list(value);
            for (String path : excluded) {
              if (!path.startsWith("/")) {
                problems.add(
                    ConfigProblems.invalid(
                        key,
                        String.join(",", excluded),
                        "a comma-separated list of paths starting with /, such as"
                            + " /health,/metrics/*"));
                break;
              }
            }
            // Kept even when one is invalid: the deployment fails anyway.
            return excluded;
          });

  public static final ConfigKey<Boolean> SERVER_CAPTURE_QUERY =
      key(
          "tracery.http.server.capture-query",
          "HTTP",
          TRACERY,
          "`" + HttpTracingConfig.DEFAULT_CAPTURE_QUERY + "`",
          BOOLEAN,
          "whether SERVER spans record `url.query` (redacted)",
          ConfigValues::bool);

  public static final ConfigKey<Boolean> CLIENT_CAPTURE_QUERY =
      key(
          "tracery.http.client.capture-query",
          "HTTP",
          TRACERY,
          "`" + HttpTracingConfig.DEFAULT_CAPTURE_QUERY + "`",
          BOOLEAN,
          "whether the `url.full` of CLIENT spans keeps its query (redacted)",
          ConfigValues::bool);

  public static final ConfigKey<List<String>> REDACTED_QUERY_PARAMETERS =
      key(
          "tracery.http.redacted-query-parameters",
          "HTTP",
          TRACERY,
          "none (the built-in list applies)",
          "comma-separated parameter names",
          "more query parameters whose values are redacted",
          (key, value, problems) -> ConfigValues.list(value));

  public static final ConfigKey<Boolean> RECORD_MAPPED_EXCEPTIONS =
      key(
          "tracery.http.server.record-mapped-exceptions",
          "HTTP",
          TRACERY,
          "`true`",
          BOOLEAN,
          "whether an exception an `ExceptionMapper` turns into a response is recorded",
          ConfigValues::bool);

  public static final ConfigKey<List<String>> SERVER_REQUEST_HEADERS =
      headers("otel.instrumentation.http.server.capture-request-headers", "SERVER", "request");

  public static final ConfigKey<List<String>> SERVER_RESPONSE_HEADERS =
      headers("otel.instrumentation.http.server.capture-response-headers", "SERVER", "response");

  public static final ConfigKey<List<String>> CLIENT_REQUEST_HEADERS =
      headers("otel.instrumentation.http.client.capture-request-headers", "CLIENT", "request");

  public static final ConfigKey<List<String>> CLIENT_RESPONSE_HEADERS =
      headers("otel.instrumentation.http.client.capture-response-headers", "CLIENT", "response");

  public static final ConfigKey<List<String>> KNOWN_METHODS =
      key(
          "otel.instrumentation.http.known-methods",
          "HTTP",
          TRACERY,
          "the RFC 9110 methods and `PATCH`",
          "comma-separated HTTP methods",
          "methods recorded as they are; others become `_OTHER`",
          (key, value, problems) -> ConfigValues.list(value));

  // --- Logs ---

  public static final ConfigKey<Boolean> LOGS_MDC =
      key(
          "tracery.logs.mdc",
          "Logs",
          TRACERY,
          "`true`",
          BOOLEAN,
          "whether the current span's ids go into the MDC of the application's logging APIs",
          ConfigValues::bool);

  // --- Databases (read by OpenTelemetry's JDBC instrumentation, see the jdbc module) ---

  public static final ConfigKey<String> SEMCONV_STABILITY_OPT_IN =
      key(
          "otel.semconv-stability.opt-in",
          "Databases",
          OPENTELEMETRY,
          "unset: Tracery chooses `database`",
          "`database`, `database/dup`, or values without `database`",
          "which database attribute names spans carry (system property or environment only)",
          null);

  public static final ConfigKey<String> JDBC_STATEMENT_SANITIZER =
      key(
          "otel.instrumentation.jdbc.statement-sanitizer.enabled",
          "Databases",
          NOBODY,
          "—",
          "—",
          "not read: literals are always replaced by `?` in `db.query.text`",
          null);

  // --- Exporter ---

  public static final ConfigKey<Duration> INITIAL_BACKOFF =
      exporterDuration(
          "tracery.exporter.retry.initial-backoff",
          ExportSettings.DEFAULT_INITIAL_BACKOFF,
          MAX_EXPORT_DURATION,
          ", and at most `tracery.exporter.retry.max-backoff`",
          "delay before the first retry");

  public static final ConfigKey<Double> MULTIPLIER =
      key(
          "tracery.exporter.retry.multiplier",
          "Exporter",
          TRACERY,
          "`" + ExportSettings.DEFAULT_MULTIPLIER + "`",
          "1.0 to 10.0",
          "each further delay is this many times the previous one",
          (key, value, problems) -> {
            try {
              double multiplier = Double.parseDouble(value.trim());
              if (multiplier >= 1.0 && multiplier <= 10.0) {
                return multiplier;
              }
            } catch (NumberFormatException e) {
              // reported below
            }
            problems.add(ConfigProblems.invalid(key, value, "a number from 1.0 to 10.0"));
            return null;
          });

  public static final ConfigKey<Duration> MAX_BACKOFF =
      exporterDuration(
          "tracery.exporter.retry.max-backoff",
          ExportSettings.DEFAULT_MAX_BACKOFF,
          MAX_EXPORT_DURATION,
          "",
          "longest delay between two attempts");

  public static final ConfigKey<Long> MAX_ATTEMPTS =
      exporterWhole(
          "tracery.exporter.retry.max-attempts",
          ExportSettings.DEFAULT_MAX_ATTEMPTS,
          MAX_ATTEMPTS_LIMIT,
          "attempts per batch, the first one included");

  public static final ConfigKey<Duration> MAX_ELAPSED =
      key(
          "tracery.exporter.retry.max-elapsed",
          "Exporter",
          TRACERY,
          "`"
              + show(ExportSettings.DEFAULT_MAX_ELAPSED)
              + "`, or `otel.bsp.export.timeout` when that is shorter",
          show(MIN_DURATION)
              + " to "
              + show(MAX_EXPORT_DURATION)
              + ", and at most `otel.bsp.export.timeout` ("
              + DURATION_FORM
              + ")",
          "time spent on one batch, attempts and delays together",
          (key, value, problems) ->
              ConfigValues.duration(key, value, MIN_DURATION, MAX_EXPORT_DURATION, problems));

  public static final ConfigKey<Long> FAILURE_THRESHOLD =
      exporterWhole(
          "tracery.exporter.circuit-breaker.failure-threshold",
          ExportSettings.DEFAULT_FAILURE_THRESHOLD,
          MAX_FAILURE_THRESHOLD,
          "failed batches in a row that open the circuit breaker");

  public static final ConfigKey<Duration> OPEN_DURATION =
      exporterDuration(
          "tracery.exporter.circuit-breaker.open-duration",
          ExportSettings.DEFAULT_OPEN_DURATION,
          MAX_OPEN_DURATION,
          "",
          "how long the breaker stays open before a probe");

  public static final ConfigKey<Path> BUFFER_DIRECTORY =
      key(
          "tracery.exporter.buffer.directory",
          "Exporter",
          TRACERY,
          "unset (no disk buffer)",
          "a directory path",
          "where undeliverable batches wait, each application in its own subdirectory",
          (key, value, problems) -> {
            // Only the form of the path is checked here. Whether the directory can be created and
            // written is a matter of the running server (a volume mounted late, a disk full,
            // permissions changed): the exporter finds out when it opens the buffer, and drops and
            // counts what it cannot keep, with a WARNING, rather than failing the deployment.
            try {
              if (value.isBlank()) {
                throw new InvalidPathException(value, "empty");
              }
              return Path.of(value.trim());
            } catch (InvalidPathException e) {
              problems.add(
                  ConfigProblems.invalid(key, value, "a directory path (" + e.getMessage() + ")"));
              return null;
            }
          });

  public static final ConfigKey<Long> BUFFER_MAX_SIZE =
      key(
          "tracery.exporter.buffer.max-size",
          "Exporter",
          TRACERY,
          "`" + showSize(ExportSettings.DEFAULT_BUFFER_MAX_BYTES) + "`",
          showSize(MIN_BUFFER_BYTES) + " to " + showSize(MAX_BUFFER_BYTES) + " (B, KB, MB, GB, TB)",
          "bound of one application's disk buffer; the oldest batches go first",
          (key, value, problems) ->
              ConfigValues.size(key, value, MIN_BUFFER_BYTES, MAX_BUFFER_BYTES, problems));

  /** Every key, in the order of the reference. */
  public static final List<ConfigKey<?>> ALL = Collections.unmodifiableList(KEYS);

  private ConfigKeys() {}

  private static <T> ConfigKey<T> key(
      String name,
      String section,
      ReadBy readBy,
      String defaultValue,
      String allowed,
      String doc,
      Parser<T> parser) {
    ConfigKey<T> key = new ConfigKey<>(name, section, readBy, defaultValue, allowed, doc, parser);
    KEYS.add(key);
    return key;
  }

  /** An OpenTelemetry key Tracery hands over unchanged. */
  private static ConfigKey<String> documented(
      String name, ReadBy readBy, String defaultValue, String allowed, String doc) {
    return key(name, "OpenTelemetry's keys", readBy, defaultValue, allowed, doc, null);
  }

  /**
   * An OpenTelemetry key Tracery checks in {@link ConfigProblems#check}, where the values allowed
   * depend on the application's providers or on another key.
   */
  private static ConfigKey<String> checked(
      String name, String defaultValue, String allowed, String doc) {
    return key(
        name,
        "OpenTelemetry's keys",
        TRACERY_AND_AUTOCONFIGURE,
        defaultValue,
        allowed,
        doc,
        (key, value, problems) -> value);
  }

  private static ConfigKey<Duration> otelDuration(
      String name, String defaultValue, Duration max, String doc) {
    return key(
        name,
        "OpenTelemetry's keys",
        TRACERY_AND_AUTOCONFIGURE,
        defaultValue,
        show(MIN_DURATION) + " to " + show(max) + " (" + DURATION_FORM + ")",
        doc,
        (key, value, problems) -> ConfigValues.duration(key, value, MIN_DURATION, max, problems));
  }

  private static ConfigKey<Duration> exporterDuration(
      String name, Duration defaultValue, Duration max, String alsoAllowed, String doc) {
    return key(
        name,
        "Exporter",
        TRACERY,
        "`" + show(defaultValue) + "`",
        show(MIN_DURATION) + " to " + show(max) + alsoAllowed + " (" + DURATION_FORM + ")",
        doc,
        (key, value, problems) -> ConfigValues.duration(key, value, MIN_DURATION, max, problems));
  }

  private static ConfigKey<Long> exporterWhole(
      String name, int defaultValue, long max, String doc) {
    return key(
        name,
        "Exporter",
        TRACERY,
        "`" + defaultValue + "`",
        "1 to " + max,
        doc,
        (key, value, problems) -> ConfigValues.whole(key, value, 1, max, problems));
  }

  private static ConfigKey<List<String>> headers(String name, String spans, String message) {
    return key(
        name,
        "HTTP",
        TRACERY,
        "none",
        "comma-separated header names",
        "headers recorded on " + spans + " spans as `http." + message + ".header.<name>`",
        (key, value, problems) -> ConfigValues.list(value));
  }
}
