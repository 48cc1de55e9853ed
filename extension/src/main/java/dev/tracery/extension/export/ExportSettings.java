package dev.tracery.extension.export;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How Tracery delivers spans when the collector misbehaves, read once at deployment: the retry
 * schedule, the circuit breaker, and the optional disk buffer. The defaults are the numbers of the
 * design this feature comes from: retries after 100 ms, times 1.5, at most 2 s apart, 5 attempts,
 * 10 s per batch; the breaker opens after 5 failed exports in a row and probes again after 30 s.
 */
public final class ExportSettings {

  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
  public static final double DEFAULT_MULTIPLIER = 1.5;
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  public static final Duration DEFAULT_MAX_ELAPSED = Duration.ofSeconds(10);
  public static final int DEFAULT_FAILURE_THRESHOLD = 5;
  public static final Duration DEFAULT_OPEN_DURATION = Duration.ofSeconds(30);
  public static final long DEFAULT_BUFFER_MAX_BYTES = 64L * 1024 * 1024;
  public static final Duration DROP_SUMMARY_INTERVAL = Duration.ofMinutes(1);

  final Duration initialBackoff;
  final double multiplier;
  final Duration maxBackoff;
  final int maxAttempts;
  final Duration maxElapsed;
  final int failureThreshold;
  final Duration openDuration;
  final Path bufferDirectory;
  final long bufferMaxBytes;
  final LongSupplier nanoTime;
  final Sleeper sleeper;

  /**
   * How the sender waits between two attempts; tests pass one that advances their clock instead.
   */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private ExportSettings(Builder builder) {
    this.initialBackoff = builder.initialBackoff;
    this.multiplier = builder.multiplier;
    this.maxBackoff = builder.maxBackoff;
    this.maxAttempts = builder.maxAttempts;
    this.maxElapsed = builder.maxElapsed;
    this.failureThreshold = builder.failureThreshold;
    this.openDuration = builder.openDuration;
    this.bufferDirectory = builder.bufferDirectory;
    this.bufferMaxBytes = builder.bufferMaxBytes;
    this.nanoTime = builder.nanoTime;
    this.sleeper = builder.sleeper;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Path bufferDirectory() {
    return bufferDirectory;
  }

  /** The retry budget of one batch: attempts and delays together. */
  public Duration maxElapsed() {
    return maxElapsed;
  }

  /**
   * The delay before retry number {@code retry} (1 for the first retry), before any Retry-After.
   */
  long backoffNanos(int retry) {
    // In doubles, then capped: no overflow however many retries or however large the settings.
    double nanos = (double) initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, retry - 1));
    return (long) Math.max(0, Math.min(nanos, (double) maxBackoff.toNanos()));
  }

  /** Collects the settings; every one has its default. */
  public static final class Builder {
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private double multiplier = DEFAULT_MULTIPLIER;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration maxElapsed = DEFAULT_MAX_ELAPSED;
    private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;
    private Duration openDuration = DEFAULT_OPEN_DURATION;
    private Path bufferDirectory;
    private long bufferMaxBytes = DEFAULT_BUFFER_MAX_BYTES;
    private LongSupplier nanoTime = System::nanoTime;
    private Sleeper sleeper = java.util.concurrent.TimeUnit.NANOSECONDS::sleep;

    private Builder() {}

    public Builder initialBackoff(Duration value) {
      this.initialBackoff = value;
      return this;
    }

    public Builder multiplier(double value) {
      this.multiplier = value;
      return this;
    }

    public Builder maxBackoff(Duration value) {
      this.maxBackoff = value;
      return this;
    }

    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    public Builder maxElapsed(Duration value) {
      this.maxElapsed = value;
      return this;
    }

    public Builder failureThreshold(int value) {
      this.failureThreshold = value;
      return this;
    }

    public Builder openDuration(Duration value) {
      this.openDuration = value;
      return this;
    }

    public Builder bufferDirectory(Path value) {
      this.bufferDirectory = value;
      return this;
    }

    public Builder bufferMaxBytes(long value) {
      this.bufferMaxBytes = value;
      return this;
    }

    /** The clock behaviour depends on; tests pass their own. */
    public Builder nanoTime(LongSupplier value) {
      this.nanoTime = value;
      return this;
    }

    /** How the sender waits between attempts; tests pass one that advances their clock. */
    public Builder sleeper(Sleeper value) {
      this.sleeper = value;
      return this;
    }

    public ExportSettings build() {
      return new ExportSettings(this);
    }
  }
}
