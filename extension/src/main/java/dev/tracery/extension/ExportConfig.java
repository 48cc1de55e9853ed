package dev.tracery.extension;

import dev.tracery.extension.export.ExportSettings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/** Reads and checks the {@code tracery.exporter.*} keys into {@link ExportSettings}. */
final class ExportConfig {

  static final String INITIAL_BACKOFF = "tracery.exporter.retry.initial-backoff";
  static final String MULTIPLIER = "tracery.exporter.retry.multiplier";
  static final String MAX_BACKOFF = "tracery.exporter.retry.max-backoff";
  static final String MAX_ATTEMPTS = "tracery.exporter.retry.max-attempts";
  static final String MAX_ELAPSED = "tracery.exporter.retry.max-elapsed";
  static final String FAILURE_THRESHOLD = "tracery.exporter.circuit-breaker.failure-threshold";
  static final String OPEN_DURATION = "tracery.exporter.circuit-breaker.open-duration";
  static final String BUFFER_DIRECTORY = "tracery.exporter.buffer.directory";
  static final String BUFFER_MAX_SIZE = "tracery.exporter.buffer.max-size";

  /** The keys of OpenTelemetry's batch processor that bound what the sender may take. */
  static final String BSP_EXPORT_TIMEOUT = "otel.bsp.export.timeout";

  // The ranges every value must lie in. Values outside make no sense for a batch of spans (a retry
  // an
  // hour away, an undeploy waiting longer than a server's deployment timeout) or would overflow.
  static final Duration MIN_DURATION = Duration.ofMillis(1);

  /**
   * Longest backoff and retry budget: WildFly's default deployment timeout, which undeploy waits on
   * too.
   */
  static final Duration MAX_RETRY_DURATION = Duration.ofMinutes(5);

  static final Duration MAX_OPEN_DURATION = Duration.ofHours(1);
  static final int MAX_ATTEMPTS_LIMIT = 100;
  static final int MAX_FAILURE_THRESHOLD = 1000;
  static final long MIN_BUFFER_BYTES = 1L << 20;
  static final long MAX_BUFFER_BYTES = 1L << 40;

  private ExportConfig() {}

  /**
   * Reads the {@code tracery.exporter.*} keys, each within its range, and makes the retry budget
   * fit the batch processor's export timeout: the batch processor waits at most {@code
   * otel.bsp.export.timeout} for an export, so a sender still retrying after that would be working
   * for nobody while the next batch queues behind it. An unset {@code
   * tracery.exporter.retry.max-elapsed} is lowered to the export timeout; one set above it is a
   * problem naming both keys.
   *
   * @param otel the application's {@code otel.*} properties (only the export timeout is read here;
   *     its own problems are reported with the other {@code otel.*} keys)
   */
  static ExportSettings read(Config config, Map<String, String> otel, List<String> problems) {
    ExportSettings.Builder settings = ExportSettings.builder();
    Duration initialBackoff = duration(config, INITIAL_BACKOFF, MAX_RETRY_DURATION, problems);
    Duration maxBackoff = duration(config, MAX_BACKOFF, MAX_RETRY_DURATION, problems);
    Duration maxElapsed = duration(config, MAX_ELAPSED, MAX_RETRY_DURATION, problems);
    Duration openDuration = duration(config, OPEN_DURATION, MAX_OPEN_DURATION, problems);
    if (initialBackoff != null) {
      settings.initialBackoff(initialBackoff);
      Duration cap = maxBackoff != null ? maxBackoff : ExportSettings.DEFAULT_MAX_BACKOFF;
      if (initialBackoff.compareTo(cap) > 0) {
        problems.add(
            ConfigProblems.invalid(
                INITIAL_BACKOFF,
                value(config, INITIAL_BACKOFF),
                "at most "
                    + MAX_BACKOFF
                    + " ("
                    + (maxBackoff != null ? value(config, MAX_BACKOFF) : ConfigNumbers.show(cap))
                    + ")"));
      }
    }
    if (maxBackoff != null) {
      settings.maxBackoff(maxBackoff);
    }
    if (openDuration != null) {
      settings.openDuration(openDuration);
    }
    Duration exportTimeout = exportTimeout(otel);
    if (maxElapsed != null) {
      settings.maxElapsed(maxElapsed);
      if (exportTimeout != null && maxElapsed.compareTo(exportTimeout) > 0) {
        String timeout = otel.get(BSP_EXPORT_TIMEOUT);
        problems.add(
            ConfigProblems.invalid(
                MAX_ELAPSED,
                value(config, MAX_ELAPSED),
                "at most "
                    + BSP_EXPORT_TIMEOUT
                    + " ("
                    + (timeout != null
                        ? timeout.trim()
                        : ConfigNumbers.show(exportTimeout) + ", its default")
                    + "), the longest the batch processor waits for an export"));
      }
    } else if (exportTimeout != null
        && exportTimeout.compareTo(ExportSettings.DEFAULT_MAX_ELAPSED) < 0) {
      settings.maxElapsed(exportTimeout);
    }
    config
        .getOptionalValue(MULTIPLIER, String.class)
        .ifPresent(
            value -> {
              try {
                double multiplier = Double.parseDouble(value.trim());
                if (multiplier >= 1.0 && multiplier <= 10.0) {
                  settings.multiplier(multiplier);
                  return;
                }
              } catch (NumberFormatException e) {
                // reported below
              }
              problems.add(ConfigProblems.invalid(MULTIPLIER, value, "a number from 1.0 to 10.0"));
            });
    Long maxAttempts = whole(config, MAX_ATTEMPTS, MAX_ATTEMPTS_LIMIT, problems);
    if (maxAttempts != null) {
      settings.maxAttempts(maxAttempts.intValue());
    }
    Long failureThreshold = whole(config, FAILURE_THRESHOLD, MAX_FAILURE_THRESHOLD, problems);
    if (failureThreshold != null) {
      settings.failureThreshold(failureThreshold.intValue());
    }
    config
        .getOptionalValue(BUFFER_DIRECTORY, String.class)
        .ifPresent(
            value -> {
              // Only the form of the path is checked here. Whether the directory can be created and
              // written is a
              // matter of the running server (a volume mounted late, a disk full, permissions
              // changed): the
              // exporter finds out when it opens the buffer, and drops and counts what it cannot
              // keep, with a
              // WARNING, rather than failing the deployment.
              try {
                if (value.isBlank()) {
                  throw new InvalidPathException(value, "empty");
                }
                settings.bufferDirectory(Path.of(value.trim()));
              } catch (InvalidPathException e) {
                problems.add(
                    ConfigProblems.invalid(
                        BUFFER_DIRECTORY, value, "a directory path (" + e.getMessage() + ")"));
              }
            });
    config
        .getOptionalValue(BUFFER_MAX_SIZE, String.class)
        .ifPresent(
            value -> {
              Long bytes =
                  ConfigNumbers.size(
                      BUFFER_MAX_SIZE, value, MIN_BUFFER_BYTES, MAX_BUFFER_BYTES, problems);
              if (bytes != null) {
                settings.bufferMaxBytes(bytes);
              }
            });
    return settings.build();
  }

  /**
   * The batch processor's export timeout as autoconfigure will read it; null when it is invalid
   * (reported elsewhere).
   */
  private static Duration exportTimeout(Map<String, String> otel) {
    String value = otel.get(BSP_EXPORT_TIMEOUT);
    if (value == null) {
      return SdkFactory.DEFAULT_EXPORT_TIMEOUT;
    }
    Duration timeout = ConfigNumbers.parseDuration(value);
    return timeout == null || timeout.isZero() ? null : timeout;
  }

  private static String value(Config config, String key) {
    return config.getOptionalValue(key, String.class).orElse("");
  }

  private static Duration duration(Config config, String key, Duration max, List<String> problems) {
    return config
        .getOptionalValue(key, String.class)
        .map(value -> ConfigNumbers.duration(key, value, MIN_DURATION, max, problems))
        .orElse(null);
  }

  private static Long whole(Config config, String key, long max, List<String> problems) {
    return config
        .getOptionalValue(key, String.class)
        .map(value -> ConfigNumbers.whole(key, value, 1, max, problems))
        .orElse(null);
  }
}
