package dev.tracery;

import java.time.Duration;

/**
 * How {@link Spans#retry} retries an operation: how many attempts at most, how long to wait before
 * each next attempt (exponential backoff with a cap), and which failures are worth another attempt.
 *
 * <p>Immutable and thread-safe; the {@code with…} methods return a new policy. Nothing here throws
 * on bad input: a value out of range is replaced as each method says.
 *
 * <p>The defaults are those of Tracery's own export retry: {@value #DEFAULT_MAX_ATTEMPTS} attempts,
 * a first wait of 100 ms multiplied by {@value #DEFAULT_MULTIPLIER} after each failure, at most 2
 * s, on any {@link Exception} ({@link Error}s are never retried).
 */
public final class RetryPolicy {

  /** Attempts of the {@link #defaults() default} policy, the first one included. */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  /** Wait before the second attempt in the {@link #defaults() default} policy. */
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(100);

  /**
   * Factor applied to the wait after each failed attempt in the {@link #defaults() default} policy.
   */
  public static final double DEFAULT_MULTIPLIER = 1.5;

  /** Longest wait between two attempts in the {@link #defaults() default} policy. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(2);

  /** Waits between attempts; replaceable so that tests control time instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    /** Waits {@code millis} milliseconds; throws {@link InterruptedException} if interrupted. */
    void sleep(long millis) throws InterruptedException;
  }

  private static final RetryPolicy DEFAULTS =
      new RetryPolicy(
          DEFAULT_MAX_ATTEMPTS,
          DEFAULT_INITIAL_DELAY.toMillis(),
          DEFAULT_MULTIPLIER,
          DEFAULT_MAX_DELAY.toMillis(),
          new Class<?>[] {Exception.class},
          Thread::sleep);

  private final int maxAttempts;
  private final long initialDelayMillis;
  private final double multiplier;
  private final long maxDelayMillis;
  private final Class<?>[] retryOn;
  private final Sleeper sleeper;

  private RetryPolicy(
      int maxAttempts,
      long initialDelayMillis,
      double multiplier,
      long maxDelayMillis,
      Class<?>[] retryOn,
      Sleeper sleeper) {
    this.maxAttempts = maxAttempts;
    this.initialDelayMillis = initialDelayMillis;
    this.multiplier = multiplier;
    this.maxDelayMillis = maxDelayMillis;
    this.retryOn = retryOn;
    this.sleeper = sleeper;
  }

  /** The default policy described above. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * The default policy with {@code maxAttempts} attempts and a first wait of {@code initialDelay}.
   * Fewer than 1 attempt means 1; a {@code null} or negative delay means no wait.
   */
  public static RetryPolicy of(int maxAttempts, Duration initialDelay) {
    return DEFAULTS.withMaxAttempts(maxAttempts).withInitialDelay(initialDelay);
  }

  /** At most {@code maxAttempts} attempts, the first one included; fewer than 1 means 1. */
  public RetryPolicy withMaxAttempts(int maxAttempts) {
    return new RetryPolicy(
        Math.max(1, maxAttempts), initialDelayMillis, multiplier, maxDelayMillis, retryOn, sleeper);
  }

  /** The wait before the second attempt; {@code null} or negative means no wait. */
  public RetryPolicy withInitialDelay(Duration initialDelay) {
    return new RetryPolicy(
        maxAttempts, millis(initialDelay), multiplier, maxDelayMillis, retryOn, sleeper);
  }

  /**
   * The factor applied to the wait after each failed attempt; below 1 (or not a number) means 1.
   */
  public RetryPolicy withMultiplier(double multiplier) {
    double factor = multiplier >= 1.0 && !Double.isInfinite(multiplier) ? multiplier : 1.0;
    return new RetryPolicy(
        maxAttempts, initialDelayMillis, factor, maxDelayMillis, retryOn, sleeper);
  }

  /** The longest wait between two attempts; {@code null} or negative means no wait at all. */
  public RetryPolicy withMaxDelay(Duration maxDelay) {
    return new RetryPolicy(
        maxAttempts, initialDelayMillis, multiplier, millis(maxDelay), retryOn, sleeper);
  }

  /**
   * Retries only failures that are instances of one of {@code types}; others end the operation at
   * once. {@code null} types are ignored; none at all means the default, {@link Exception}.
   */
  @SafeVarargs
  public final RetryPolicy retryingOn(Class<? extends Throwable>... types) {
    int count = 0;
    Class<?>[] kept = new Class<?>[types == null ? 0 : types.length];
    for (int i = 0; i < kept.length; i++) {
      if (types[i] != null) {
        kept[count++] = types[i];
      }
    }
    Class<?>[] retried = count == 0 ? DEFAULTS.retryOn : java.util.Arrays.copyOf(kept, count);
    return new RetryPolicy(
        maxAttempts, initialDelayMillis, multiplier, maxDelayMillis, retried, sleeper);
  }

  /**
   * Waits with {@code sleeper} instead of {@link Thread#sleep}; {@code null} means {@link
   * Thread#sleep}.
   */
  public RetryPolicy withSleeper(Sleeper sleeper) {
    return new RetryPolicy(
        maxAttempts,
        initialDelayMillis,
        multiplier,
        maxDelayMillis,
        retryOn,
        sleeper == null ? DEFAULTS.sleeper : sleeper);
  }

  /** The most attempts, at least 1. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * The wait in milliseconds after failed attempt {@code attempt} (1-based): the initial delay
   * times the multiplier to the power {@code attempt - 1}, at most the maximum delay.
   */
  public long delayMillis(int attempt) {
    double delay = initialDelayMillis * Math.pow(multiplier, Math.max(0, attempt - 1));
    return (long) Math.min(delay, (double) maxDelayMillis);
  }

  /** Whether {@code failure} is worth another attempt under this policy. */
  public boolean retries(Throwable failure) {
    for (Class<?> type : retryOn) {
      if (type.isInstance(failure)) {
        return true;
      }
    }
    return false;
  }

  void sleep(long millis) throws InterruptedException {
    if (millis > 0) {
      sleeper.sleep(millis);
    }
  }

  private static long millis(Duration duration) {
    if (duration == null || duration.isNegative()) {
      return 0;
    }
    try {
      return duration.toMillis();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts="
        + maxAttempts
        + ", initialDelay="
        + initialDelayMillis
        + "ms, multiplier="
        + multiplier
        + ", maxDelay="
        + maxDelayMillis
        + "ms]";
  }
}
