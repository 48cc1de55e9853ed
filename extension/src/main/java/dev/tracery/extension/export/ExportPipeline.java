package dev.tracery.extension.export;

import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One application's export machinery, built with its SDK: the statistics, the sender provider
 * handed to OpenTelemetry's OTLP exporter, and the wrappers around the batch processor and the
 * exporters that keep the queue bounded without the SDK's per-export drop warnings and count what
 * happens to every span.
 *
 * <p><b>Counting with several exporters.</b> Behind the batch processor, one exporter is the one
 * whose outcome the span counts report: the OTLP exporter when there is one (its outcome is counted
 * by Tracery's sender), else the first other batch exporter. Every sampled span that ends is then,
 * at any time, exactly one of: exported (that exporter's collector accepted it), dropped, buffered
 * on disk, or queued (waiting in the batch processor, or in that exporter's delivery). Other
 * exporters, the {@code console} one included (the SDK prints with it synchronously, outside the
 * batch processor), are counted per exporter only.
 *
 * <p><b>Where counting happens.</b> Only in {@link ExportStatistics}, by transitions that move
 * spans from one place to another. Each export of the counted exporter is a {@link SpanBatch}: the
 * exporter wrapper makes it and {@linkplain #handOff hands it off} on the exporting thread,
 * Tracery's sender {@linkplain #claimBatch() claims} it there (OpenTelemetry's OTLP exporter calls
 * the sender on that thread) and settles it when the delivery ends, as exported, buffered or
 * dropped; an exporter that is not Tracery's sender has it settled by the wrapper when its export
 * completes. The disk buffer counts what becomes of the batches it holds.
 *
 * <p><b>Shutdown.</b> When the SDK's shutdown begins, the pipeline starts the clock: deliveries
 * still under way must end within {@code otel.bsp.export.timeout}, less a margin for the work after
 * them; what is not delivered by then goes to the disk buffer or is dropped and counted, and {@link
 * #close(boolean)} sums it up in one line.
 */
public final class ExportPipeline {

  static final String OTLP_HTTP_EXPORTER =
      "io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter";
  static final Duration DEFAULT_EXPORT_TIMEOUT = Duration.ofSeconds(30);

  private final ExportSettings settings;
  private final ExportStatistics statistics = new ExportStatistics();
  private final ResilientHttpSenderProvider senderProvider;

  /**
   * The counted exporter's batch while it exports it, on the exporting thread: OpenTelemetry's OTLP
   * exporter calls Tracery's sender on that thread, which claims the batch there.
   */
  private final ThreadLocal<SpanBatch> exporting = new ThreadLocal<>();

  private final List<CountingSpanExporter> exporters = new CopyOnWriteArrayList<>();
  private volatile CountingSpanExporter counted;
  private volatile long lastSummaryNanos;

  /**
   * The batch processor's {@code otel.bsp.max.queue.size}, for the drop summary; set by {@link
   * #wrap(SpanProcessor, int, Duration)} before any span can be dropped for it.
   */
  private volatile int maxQueueSize;

  private volatile Duration exportTimeout = DEFAULT_EXPORT_TIMEOUT;

  private final AtomicBoolean shuttingDown = new AtomicBoolean();
  private volatile long shutdownStartedAt;
  private volatile long droppedBeforeShutdown;
  private volatile long bufferedBeforeShutdown;
  private final AtomicBoolean closed = new AtomicBoolean();

  public ExportPipeline(ExportSettings settings) {
    this.settings = settings;
    this.senderProvider = new ResilientHttpSenderProvider(this);
    this.lastSummaryNanos = settings.nanoTime.getAsLong();
    statistics.countedExporterFrom(
        () -> {
          CountingSpanExporter exporter = countedExporter();
          return exporter == null ? null : exporter.name();
        });
  }

  public ExportStatistics statistics() {
    return statistics;
  }

  ExportSettings settings() {
    return settings;
  }

  /** The provider OpenTelemetry's OTLP/HTTP exporter gets its sender from. */
  public HttpSenderProvider senderProvider() {
    return senderProvider;
  }

  /**
   * Names the application whose spans this pipeline exports, for the subdirectory of the disk
   * buffer directory it keeps its batches in. Called once the resource is known, before the
   * exporter is built.
   */
  public void bufferOwner(String serviceName, String deploymentName) {
    senderProvider.bufferOwner(BufferOwner.of(serviceName, deploymentName));
  }

  /**
   * Wraps an exporter to count what it exports. {@code configured} is the class of the exporter the
   * user configured, by which counts and log lines name it: {@code exporter} may itself be a
   * wrapper (one that sets the application's context class loader).
   */
  public SpanExporter wrap(SpanExporter exporter, Class<?> configured) {
    CountingSpanExporter wrapped = new CountingSpanExporter(exporter, configured, this);
    exporters.add(wrapped);
    return wrapped;
  }

  /**
   * Puts the bound of the batch processor's queue, {@code otel.bsp.max.queue.size}, in front of it;
   * {@code exportTimeout} is its {@code otel.bsp.export.timeout}, which bounds the shutdown.
   */
  public SpanProcessor wrap(
      SpanProcessor batchProcessor, int maxQueueSize, Duration exportTimeout) {
    if (exportTimeout != null && !exportTimeout.isNegative() && !exportTimeout.isZero()) {
      this.exportTimeout = exportTimeout;
    }
    this.maxQueueSize = maxQueueSize;
    return new BoundedQueueSpanProcessor(batchProcessor, maxQueueSize, this);
  }

  /**
   * The exporter whose outcome the span counts report, chosen once all exporters are built (at the
   * first export): the OTLP/HTTP one, else the first batch exporter; never a console exporter.
   */
  CountingSpanExporter countedExporter() {
    CountingSpanExporter chosen = counted;
    if (chosen == null) {
      for (CountingSpanExporter exporter : exporters) {
        if (!exporter.printsSynchronously()
            && exporter.delegateClassName().equals(OTLP_HTTP_EXPORTER)) {
          chosen = exporter;
          break;
        }
      }
      if (chosen == null) {
        for (CountingSpanExporter exporter : exporters) {
          if (!exporter.printsSynchronously()) {
            chosen = exporter;
            break;
          }
        }
      }
      counted = chosen;
    }
    return chosen;
  }

  /** Stops the sender threads' work that is still queued; used when the SDK could not be built. */
  public void close() {
    close(true);
  }

  /**
   * Ends the export after the SDK's shutdown (which waited up to {@code otel.bsp.export.timeout}):
   * stops the senders within what is left of that time, counts every span still queued as dropped,
   * and says in one line what was lost, or null when nothing was. Idempotent: later calls return
   * null.
   *
   * @param sdkFinished whether the SDK's shutdown completed within its timeout
   */
  public String close(boolean sdkFinished) {
    beginShutdown();
    senderProvider.closeAll();
    if (!closed.compareAndSet(false, true)) {
      return null;
    }
    statistics.close();
    long lost = lostSinceShutdown();
    long kept = Math.max(0, statistics.getSpansBuffered() - bufferedBeforeShutdown);
    if (sdkFinished && lost == 0) {
      return null;
    }
    String timeout = "otel.bsp.export.timeout (" + exportTimeout.toMillis() + " ms)";
    StringBuilder line = new StringBuilder();
    if (!sdkFinished) {
      line.append("did not finish exporting within ").append(timeout).append("; ");
      line.append(
          lost > 0
              ? lost + " span(s) still queued were dropped and counted."
              : "spans still queued are lost.");
    } else {
      line.append("dropped ")
          .append(lost)
          .append(" span(s) still queued at shutdown, not delivered within ")
          .append(timeout)
          .append('.');
    }
    ResilientHttpSender sender = senderProvider.first();
    if (sender != null) {
      line.append(" Collector ").append(sender.target());
      String problem = sender.lastProblem();
      if (problem != null) {
        line.append(", last problem: ").append(problem);
      }
      line.append('.');
      if (!sender.hasBuffer() && lost > 0) {
        line.append(
            " Set tracery.exporter.buffer.directory to keep such spans for the next start.");
      }
    }
    if (kept > 0) {
      line.append(' ').append(kept).append(" span(s) were kept in the disk buffer.");
    }
    return line.toString();
  }

  /**
   * The counted exporter is about to export {@code batch} on this thread: Tracery's sender, if the
   * exporter calls it, claims the batch with {@link #claimBatch()}. Ended by {@link #endHandOff()}.
   */
  void handOff(SpanBatch batch) {
    exporting.set(batch);
  }

  void endHandOff() {
    exporting.remove();
  }

  /**
   * For Tracery's sender: the counted exporter's batch being exported on this thread, which the
   * sender now counts; an empty batch when there is none (an OTLP exporter of metrics or logs).
   */
  SpanBatch claimBatch() {
    SpanBatch batch = exporting.get();
    if (batch == null) {
      return statistics.batch(0);
    }
    exporting.remove(); // one request per export: a second one would count nothing
    batch.claim();
    return batch;
  }

  /**
   * The SDK's shutdown began: from now on deliveries are bounded by what is left of the export
   * timeout.
   */
  void beginShutdown() {
    if (shuttingDown.compareAndSet(false, true)) {
      droppedBeforeShutdown = statistics.getSpansDropped();
      bufferedBeforeShutdown = statistics.getSpansBuffered();
      shutdownStartedAt = settings.nanoTime.getAsLong();
    }
  }

  boolean shuttingDown() {
    return shuttingDown.get();
  }

  /**
   * Nanoseconds left for deliveries: unbounded until shutdown begins; then the export timeout less
   * a margin (a fifth of it, at most 1 s) for buffering or counting what is left and closing.
   */
  long deliveryNanosLeft(long now) {
    if (!shuttingDown.get()) {
      return Long.MAX_VALUE;
    }
    long window = exportTimeoutNanos();
    return window - Math.min(window / 5, 1_000_000_000L) - (now - shutdownStartedAt);
  }

  /**
   * Nanoseconds left before the senders must have stopped: the export timeout less a tenth (at most
   * 0.5 s).
   */
  long shutdownNanosLeft(long now) {
    if (!shuttingDown.get()) {
      return exportTimeoutNanos();
    }
    long window = exportTimeoutNanos();
    return window - Math.min(window / 10, 500_000_000L) - (now - shutdownStartedAt);
  }

  private long exportTimeoutNanos() {
    try {
      return exportTimeout.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE / 2;
    }
  }

  /** Spans dropped since shutdown began. */
  long lostSinceShutdown() {
    return shuttingDown.get()
        ? Math.max(0, statistics.getSpansDropped() - droppedBeforeShutdown)
        : 0;
  }

  /** The drop summary line, at most once per interval; null when there is nothing to say yet. */
  String dropSummary() {
    long now = settings.nanoTime.getAsLong();
    long since = now - lastSummaryNanos;
    if (since < ExportSettings.DROP_SUMMARY_INTERVAL.toNanos()
        || !statistics.droppedAtQueueSinceSummary()) {
      return null;
    }
    lastSummaryNanos = now;
    long dropped = statistics.takeDroppedAtQueue();
    return "Tracery: dropped "
        + dropped
        + " span(s) in the last "
        + (since / 1_000_000_000L)
        + " s because the export queue was full (otel.bsp.max.queue.size="
        + maxQueueSize
        + "); the collector is slower than the application. At most one such line a minute.";
  }
}
