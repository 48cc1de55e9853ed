package dev.tracery.extension.export;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The counts and state of one application's span export, shared by the sender, the exporter and the
 * processor wrappers, and published as a JMX MXBean while the application runs. Thread-safe.
 */
public final class ExportStatistics implements TraceryExporterMXBean {

  private static final Logger LOG = Logger.getLogger(ExportStatistics.class.getName());

  private final AtomicReference<CircuitBreaker.State> state =
      new AtomicReference<>(CircuitBreaker.State.CLOSED);
  private final AtomicLong exported = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong buffered = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong opened = new AtomicLong();
  private final AtomicLong closed = new AtomicLong();
  private final Map<String, AtomicLong> exportedByExporter = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> failedByExporter = new ConcurrentHashMap<>();
  private volatile LongSupplier queued = () -> 0;
  private volatile Supplier<String> countedExporter = () -> null;
  private final AtomicLong bufferFilesSetAside = new AtomicLong();
  private volatile ObjectName registeredAs;

  void queuedFrom(LongSupplier supplier) {
    this.queued = supplier;
  }

  void countedExporterFrom(Supplier<String> supplier) {
    this.countedExporter = supplier;
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

  void exported(long spans) {
    exported.addAndGet(spans);
  }

  void failed(long spans) {
    failed.addAndGet(spans);
  }

  void dropped(long spans) {
    dropped.addAndGet(spans);
  }

  void buffered(long delta) {
    buffered.addAndGet(delta);
  }

  void retried() {
    retries.incrementAndGet();
  }

  void breakerOpened() {
    opened.incrementAndGet();
  }

  void breakerClosed() {
    closed.incrementAndGet();
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
    return queued.getAsLong();
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
    return closed.get();
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

  ObjectName registeredAs() {
    return registeredAs;
  }
}
