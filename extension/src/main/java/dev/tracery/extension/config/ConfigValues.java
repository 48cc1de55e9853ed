package dev.tracery.extension.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parsers of configuration values, the one place that turns text into values: booleans,
 * comma-separated lists, and numbers (whole numbers, durations, sizes) within a range, without
 * overflow: a value with more digits than a {@code long} holds, {@code 200000d} or {@code
 * 999999999999gb} is out of range, not a crash and not a silently saturated number. Every rejected
 * value adds one problem naming the key, the value and what is allowed; the methods then return
 * null. {@link ConfigKeys} names one of these for each key.
 */
final class ConfigValues {

  /**
   * OpenTelemetry's duration form, which autoconfigure reads: a whole number of milliseconds, or a
   * whole number and a unit. At most 18 digits, so that the number always fits a {@code long}.
   */
  private static final Pattern DURATION = Pattern.compile("(\\d{1,18})\\s*(ns|us|ms|s|m|h|d)?");

  private static final Pattern SIZE = Pattern.compile("(\\d{1,18})\\s*(b|kb|mb|gb|tb)?");

  private static final Pattern WHOLE = Pattern.compile("[+]?(\\d{1,18})");

  private ConfigValues() {}

  /** {@code true} or {@code false}, in any case; null (and a problem) otherwise. */
  static Boolean bool(String key, String value, List<String> problems) {
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
   * A key as autoconfigure normalizes it (lower case, {@code -} and {@code _} read as {@code .}),
   * so that {@code OTEL_SERVICE_NAME} and {@code otel.service.name} are one key.
   */
  static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replace('-', '.').replace('_', '.');
  }

  /** A whole number from {@code min} to {@code max}; null (and a problem) when it is not one. */
  static Long whole(String key, String value, long min, long max, List<String> problems) {
    Matcher matcher = WHOLE.matcher(value.trim());
    if (matcher.matches()) {
      long number = Long.parseLong(matcher.group(1));
      if (number >= min && number <= max) {
        return number;
      }
    }
    problems.add(ConfigProblems.invalid(key, value, "a whole number from " + min + " to " + max));
    return null;
  }

  /**
   * A duration from {@code min} to {@code max}: milliseconds, or a whole number with a unit (ns,
   * us, ms, s, m, h, d); null (and a problem) when it is not one.
   */
  static Duration duration(
      String key, String value, Duration min, Duration max, List<String> problems) {
    Duration duration = parseDuration(value);
    if (duration != null && duration.compareTo(min) >= 0 && duration.compareTo(max) <= 0) {
      return duration;
    }
    problems.add(
        ConfigProblems.invalid(
            key,
            value,
            "a duration from "
                + show(min)
                + " to "
                + show(max)
                + ": milliseconds, or a whole number with a unit ms, s, m, h or d (500ms, 2s)"));
    return null;
  }

  /**
   * The duration a value stands for; null when it is not a duration or beyond what a Duration holds
   * in nanoseconds.
   */
  static Duration parseDuration(String value) {
    Matcher matcher = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      return null;
    }
    long number = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
    long nanosPerUnit;
    switch (unit) {
      case "ns":
        nanosPerUnit = 1L;
        break;
      case "us":
        nanosPerUnit = 1_000L;
        break;
      case "s":
        nanosPerUnit = 1_000_000_000L;
        break;
      case "m":
        nanosPerUnit = 60_000_000_000L;
        break;
      case "h":
        nanosPerUnit = 3_600_000_000_000L;
        break;
      case "d":
        nanosPerUnit = 86_400_000_000_000L;
        break;
      default:
        nanosPerUnit = 1_000_000L;
    }
    try {
      // Everything downstream (the SDK, HttpClient timeouts, the retry budget) works in
      // nanoseconds.
      return Duration.ofNanos(Math.multiplyExact(number, nanosPerUnit));
    } catch (ArithmeticException overflow) {
      return null;
    }
  }

  /**
   * A size in bytes from {@code min} to {@code max} bytes (B, KB, MB, GB, TB); null (and a problem)
   * when it is not one.
   */
  static Long size(String key, String value, long min, long max, List<String> problems) {
    Matcher matcher = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (matcher.matches()) {
      long number = Long.parseLong(matcher.group(1));
      String unit = matcher.group(2) == null ? "b" : matcher.group(2);
      int shift =
          unit.equals("tb")
              ? 40
              : unit.equals("gb") ? 30 : unit.equals("mb") ? 20 : unit.equals("kb") ? 10 : 0;
      if (number <= (Long.MAX_VALUE >> shift)) {
        long bytes = number << shift;
        if (bytes >= min && bytes <= max) {
          return bytes;
        }
      }
    }
    problems.add(
        ConfigProblems.invalid(
            key,
            value,
            "a size from "
                + showSize(min)
                + " to "
                + showSize(max)
                + ", such as 64MB, 512KB or 1GB"));
    return null;
  }

  /**
   * A duration as a user writes it: {@code 1ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}.
   */
  static String show(Duration duration) {
    long millis = duration.toMillis();
    if (millis == 0 || duration.toNanos() % 1_000_000L != 0) {
      return duration.toNanos() + "ns";
    }
    if (millis % 86_400_000L == 0) {
      return millis / 86_400_000L + "d";
    }
    if (millis % 3_600_000L == 0) {
      return millis / 3_600_000L + "h";
    }
    if (millis % 60_000L == 0) {
      return millis / 60_000L + "m";
    }
    if (millis % 1_000L == 0) {
      return millis / 1_000L + "s";
    }
    return millis + "ms";
  }

  static String showSize(long bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB"};
    int unit = 0;
    while (unit < units.length - 1 && bytes != 0 && bytes % 1024 == 0) {
      bytes /= 1024;
      unit++;
    }
    return bytes + units[unit];
  }
}
