package dev.tracery.extension.config;

import dev.tracery.extension.export.ExportSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * Reads the {@code export} section, the {@code tracery.exporter.*} keys of {@link ConfigKeys}, into
 * {@link ExportSettings}, with the rules that tie them to each other and to the batch processor.
 */
final class ExportConfig {

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
    Duration initialBackoff = ConfigKeys.INITIAL_BACKOFF.read(config, otel, problems);
    Duration maxBackoff = ConfigKeys.MAX_BACKOFF.read(config, otel, problems);
    Duration maxElapsed = ConfigKeys.MAX_ELAPSED.read(config, otel, problems);
    Duration openDuration = ConfigKeys.OPEN_DURATION.read(config, otel, problems);
    if (initialBackoff != null) {
      settings.initialBackoff(initialBackoff);
      Duration cap = maxBackoff != null ? maxBackoff : ExportSettings.DEFAULT_MAX_BACKOFF;
      if (initialBackoff.compareTo(cap) > 0) {
        problems.add(
            ConfigProblems.invalid(
                ConfigKeys.INITIAL_BACKOFF.name(),
                ConfigKeys.INITIAL_BACKOFF.raw(config, otel),
                "at most "
                    + ConfigKeys.MAX_BACKOFF.name()
                    + " ("
                    + (maxBackoff != null
                        ? ConfigKeys.MAX_BACKOFF.raw(config, otel)
                        : ConfigValues.show(cap))
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
        String timeout = ConfigKeys.BSP_EXPORT_TIMEOUT.raw(config, otel);
        problems.add(
            ConfigProblems.invalid(
                ConfigKeys.MAX_ELAPSED.name(),
                ConfigKeys.MAX_ELAPSED.raw(config, otel),
                "at most "
                    + ConfigKeys.BSP_EXPORT_TIMEOUT.name()
                    + " ("
                    + (timeout != null
                        ? timeout.trim()
                        : ConfigValues.show(exportTimeout) + ", its default")
                    + "), the longest the batch processor waits for an export"));
      }
    } else if (exportTimeout != null
        && exportTimeout.compareTo(ExportSettings.DEFAULT_MAX_ELAPSED) < 0) {
      settings.maxElapsed(exportTimeout);
    }
    Double multiplier = ConfigKeys.MULTIPLIER.read(config, otel, problems);
    if (multiplier != null) {
      settings.multiplier(multiplier);
    }
    Long maxAttempts = ConfigKeys.MAX_ATTEMPTS.read(config, otel, problems);
    if (maxAttempts != null) {
      settings.maxAttempts(maxAttempts.intValue());
    }
    Long failureThreshold = ConfigKeys.FAILURE_THRESHOLD.read(config, otel, problems);
    if (failureThreshold != null) {
      settings.failureThreshold(failureThreshold.intValue());
    }
    Path bufferDirectory = ConfigKeys.BUFFER_DIRECTORY.read(config, otel, problems);
    if (bufferDirectory != null) {
      settings.bufferDirectory(bufferDirectory);
    }
    Long bufferMaxBytes = ConfigKeys.BUFFER_MAX_SIZE.read(config, otel, problems);
    if (bufferMaxBytes != null) {
      settings.bufferMaxBytes(bufferMaxBytes);
    }
    return settings.build();
  }

  /**
   * The batch processor's export timeout as autoconfigure will read it; null when it is invalid
   * (reported elsewhere).
   */
  private static Duration exportTimeout(Map<String, String> otel) {
    String value = otel.get(ConfigKeys.BSP_EXPORT_TIMEOUT.name());
    if (value == null) {
      return ConfigKeys.DEFAULT_EXPORT_TIMEOUT;
    }
    Duration timeout = ConfigValues.parseDuration(value);
    return timeout == null || timeout.isZero() ? null : timeout;
  }
}
