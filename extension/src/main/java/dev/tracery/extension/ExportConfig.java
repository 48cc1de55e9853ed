package dev.tracery.extension;

import dev.tracery.extension.export.ExportSettings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /** The duration format OpenTelemetry's keys use: a number of milliseconds, or a number and a unit. */
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb)?");

  private static final String DURATION_EXPECTED = "a duration: milliseconds, or a number with a unit ms, s, m, h or d (500ms, 2s)";

  private ExportConfig() {}

  static ExportSettings read(Config config, List<String> problems) {
    ExportSettings.Builder settings = ExportSettings.builder();
    duration(config, INITIAL_BACKOFF, problems).ifPresent(settings::initialBackoff);
    duration(config, MAX_BACKOFF, problems).ifPresent(settings::maxBackoff);
    duration(config, MAX_ELAPSED, problems).ifPresent(settings::maxElapsed);
    duration(config, OPEN_DURATION, problems).ifPresent(settings::openDuration);
    config.getOptionalValue(MULTIPLIER, String.class).ifPresent(value -> {
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
    positiveInt(config, MAX_ATTEMPTS, problems).ifPresent(settings::maxAttempts);
    positiveInt(config, FAILURE_THRESHOLD, problems).ifPresent(settings::failureThreshold);
    config.getOptionalValue(BUFFER_DIRECTORY, String.class).ifPresent(value -> {
      // Only the form of the path is checked here. Whether the directory can be created and written is a
      // matter of the running server (a volume mounted late, a disk full, permissions changed): the
      // exporter finds out when it opens the buffer, and drops and counts what it cannot keep, with a
      // WARNING, rather than failing the deployment.
      try {
        if (value.isBlank()) {
          throw new InvalidPathException(value, "empty");
        }
        settings.bufferDirectory(Path.of(value.trim()));
      } catch (InvalidPathException e) {
        problems.add(ConfigProblems.invalid(BUFFER_DIRECTORY, value, "a directory path (" + e.getMessage() + ")"));
      }
    });
    config.getOptionalValue(BUFFER_MAX_SIZE, String.class).ifPresent(value -> {
      Matcher matcher = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
      if (matcher.matches()) {
        long number = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "b" : matcher.group(2);
        long bytes = number * (unit.equals("gb") ? 1L << 30 : unit.equals("mb") ? 1L << 20 : unit.equals("kb") ? 1L << 10 : 1);
        if (bytes > 0) {
          settings.bufferMaxBytes(bytes);
          return;
        }
      }
      problems.add(ConfigProblems.invalid(BUFFER_MAX_SIZE, value, "a size such as 64MB, 512KB or 1GB"));
    });
    return settings.build();
  }

  private static Optional<Duration> duration(Config config, String key, List<String> problems) {
    Optional<String> value = config.getOptionalValue(key, String.class);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    Matcher matcher = DURATION.matcher(value.get().trim().toLowerCase(Locale.ROOT));
    if (matcher.matches()) {
      long number = Long.parseLong(matcher.group(1));
      String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
      Duration duration;
      switch (unit) {
        case "s":
          duration = Duration.ofSeconds(number);
          break;
        case "m":
          duration = Duration.ofMinutes(number);
          break;
        case "h":
          duration = Duration.ofHours(number);
          break;
        case "d":
          duration = Duration.ofDays(number);
          break;
        default:
          duration = Duration.ofMillis(number);
      }
      if (!duration.isZero()) {
        return Optional.of(duration);
      }
    }
    problems.add(ConfigProblems.invalid(key, value.get(), DURATION_EXPECTED));
    return Optional.empty();
  }

  private static Optional<Integer> positiveInt(Config config, String key, List<String> problems) {
    Optional<String> value = config.getOptionalValue(key, String.class);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      int number = Integer.parseInt(value.get().trim());
      if (number >= 1) {
        return Optional.of(number);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(ConfigProblems.invalid(key, value.get(), "a whole number of at least 1"));
    return Optional.empty();
  }
}
