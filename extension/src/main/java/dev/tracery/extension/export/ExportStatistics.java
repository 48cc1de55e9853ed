package dev.tracery.extension.export;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The counts and state of one application's span export, published as a JMX MXBean while the
 * application runs; the one place they change. The span counts change only by transitions that move
 * spans from one place to another (queued, in flight, exported, dropped, buffered), so that {@code
 * ended = exported + dropped + buffered + queued} holds by construction; a batch's spans move as
 * one {@link SpanBatch}, which settles exactly once. Thread-safe.
 */
public final class ExportStatistics implements TraceryExporterMXBean {

  private static final Logger LOG = Logger.getLogger(ExportStatistics.class.getName());

  private final AtomicReference<CircuitBreaker.State> state =
      new AtomicReference<>(CircuitBreaker.State.CLOSED);

  // Where every sampled span that ended is: ended = exported + dropped + buffered + queued +
  // inFlight. Only the transitions below change these; each moves spans from one to another.

  /**
   * Waiting in the batch processor, or in Tracery's sender until their delivery ends: what the
   * queue bound ({@code otel.bsp.max.queue.size}) counts.
   */
  private final AtomicLong queued = new AtomicLong();

  /** In an export of the counted exporter that is not Tracery's sender and has not completed. */
  private final AtomicLong inFlight = new AtomicLong();

  private final AtomicLong exported = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong buffered = new AtomicLong();

  /** Set when the export closed and counted every span still queued or in flight as dropped. */
  private volatile boolean closed;

  // Tallies, beside the spans' places.
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong droppedAtQueue = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong opened = new AtomicLong();
  private final AtomicLong breakerClosed = new AtomicLong();
  private final AtomicLong bufferFilesSetAside = new AtomicLong();
  private final Map<String, AtomicLong> exportedByExporter = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> failedByExporter = new ConcurrentHashMap<>();
  private volatile Supplier<String> countedExporter = () -> null;
  private volatile ObjectName registeredAs;

  void countedExporterFrom(Supplier<String> supplier) {
    this.countedExporter = supplier;
  }

  /**
   * A sampled span ended and goes to the batch processor, unless {@code maxQueueSize} spans are
   * queued already: then it is dropped and counted (also for the drop summary), and this returns
   * false. One atomic increment when there is room.
   */
  boolean enqueue(int maxQueueSize) {
    if (queued.incrementAndGet() > maxQueueSize) {
      queued.decrementAndGet();
      dropped.incrementAndGet();
      droppedAtQueue.incrementAndGet();
      return false;
    }
    return true;
  }

  /** The counted exporter takes {@code spans} queued spans for one export. */
  SpanBatch batch(int spans) {
    return new SpanBatch(this, spans);
  }

  /** A batch went to an exporter that is not Tracery's sender: out of the queue, in flight. */
  void handedOver(int spans) {
    if (!closed) {
      queued.addAndGet(-spans);
      inFlight.addAndGet(spans);
    }
  }

  /**
   * A batch's outcome, from the queue or from flight; {@code failed} when its export failed first.
   * Nothing changes once the export closed: what was queued then is counted as dropped already.
   */
  void settled(int spans, boolean fromInFlight, SpanBatch.Outcome outcome, boolean failed) {
    if (closed) {
      return;
    }
    (fromInFlight ? inFlight : queued).addAndGet(-spans);
    if (failed) {
      this.failed.addAndGet(spans);
    }
    switch (outcome) {
      case EXPORTED:
        exported.addAndGet(spans);
        break;
      case BUFFERED:
        buffered.addAndGet(spans);
        break;
      case DROPPED:
      default:
        dropped.addAndGet(spans);
        break;
    }
  }

  /**
   * The export closed: every span still queued or in flight is dropped and counted, and later
   * outcomes of their batches change nothing. Returns how many spans that was.
   */
  long close() {
    closed = true;
    long stillQueued = Math.max(0, queued.getAndSet(0)) + Math.max(0, inFlight.getAndSet(0));
    dropped.addAndGet(stillQueued);
    return stillQueued;
  }

  /** Spans dropped because the queue was full since the last call; resets the count. */
  long takeDroppedAtQueue() {
    return droppedAtQueue.getAndSet(0);
  }

  /** Whether spans were dropped because the queue was full since {@link #takeDroppedAtQueue()}. */
  boolean droppedAtQueueSinceSummary() {
    return droppedAtQueue.get() != 0;
  }

  /** Batches an earlier run left in the disk buffer, found at start. */
  void foundInBuffer(long spans) {
    buffered.addAndGet(spans);
  }

  /** A buffered batch was sent again and the collector accepted it. */
  void bufferedExported(long spans) {
    buffered.addAndGet(-spans);
    exported.addAndGet(spans);
  }

  /** A buffered batch is lost: evicted to make room, refused for good, or unreadable. */
  void bufferedDropped(long spans) {
    buffered.addAndGet(-spans);
    dropped.addAndGet(spans);
  }

  /**
   * Spans an exporter other than the counted one accepted (a console print, a second collector).
   */
  void exporterExported(String exporter, long spans) {
    exportedByExporter.computeIfAbsent(exporter, name -> new AtomicLong()).addAndGet(spans);
  }

  /** Spans an exporter other than the counted one failed on (returned a failure or threw). */
  void exporterFailed(String exporter, long spans) {
    failedByExporter.computeIfAbsent(exporter, name -> new AtomicLong()).addAndGet(spans);
  }

  void state(CircuitBreaker.State newState) {
    state.set(newState);
  }

  void retried() {
    retries.incrementAndGet();
  }

  void breakerOpened() {
    opened.incrementAndGet();
  }

  void breakerClosed() {
    breakerClosed.incrementAndGet();
  }

  void bufferFileSetAside() {
    bufferFilesSetAside.incrementAndGet();
  }

  @Override
  public long getBufferFilesSetAside() {
    return bufferFilesSetAside.get();
  }

  @Override
  public String getCircuitBreakerState() {
    return state.get().name();
  }

  @Override
  public long getSpansExported() {
    return exported.get();
  }

  @Override
  public long getSpansFailed() {
    return failed.get();
  }

  @Override
  public long getSpansDropped() {
    return dropped.get();
  }

  @Override
  public long getSpansQueued() {
    return Math.max(0, queued.get()) + Math.max(0, inFlight.get());
  }

  @Override
  public Map<String, Long> getSpansExportedByExporter() {
    return byExporter(exportedByExporter, exported);
  }

  @Override
  public Map<String, Long> getSpansFailedByExporter() {
    return byExporter(failedByExporter, failed);
  }

  /** The per-exporter counts, with the counted exporter's entry being the overall count. */
  private Map<String, Long> byExporter(Map<String, AtomicLong> others, AtomicLong total) {
    Map<String, Long> result = new TreeMap<>();
    others.forEach((name, count) -> result.put(name, count.get()));
    String counted = countedExporter.get();
    if (counted != null) {
      result.put(counted, total.get());
    }
    return result;
  }

  @Override
  public long getSpansBuffered() {
    return buffered.get();
  }

  @Override
  public long getRetries() {
    return retries.get();
  }

  @Override
  public long getCircuitBreakerOpened() {
    return opened.get();
  }

  @Override
  public long getCircuitBreakerClosed() {
    return breakerClosed.get();
  }

  /**
   * Publishes the statistics as {@code dev.tracery:type=Exporter,application=<name>}. Never throws.
   */
  public void register(String application) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    String quoted = ObjectName.quote(application);
    for (int i = 1; i < 100; i++) {
      try {
        ObjectName name =
            new ObjectName(
                "dev.tracery:type=Exporter,application="
                    + (i == 1 ? quoted : ObjectName.quote(application + "-" + i)));
        if (!server.isRegistered(name)) {
          server.registerMBean(this, name);
          registeredAs = name;
          return;
        }
      } catch (JMException | RuntimeException e) {
        LOG.log(Level.FINE, "Tracery: could not publish export statistics over JMX", e);
        return;
      }
    }
  }

  /** Removes the MXBean, so an undeployed application leaves nothing registered. Never throws. */
  public void unregister() {
    ObjectName name = registeredAs;
    registeredAs = null;
    if (name != null) {
      try {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
      } catch (JMException | RuntimeException e) {
        LOG.log(Level.FINE, "Tracery: could not remove the export statistics MXBean", e);
      }
    }
  }
}
