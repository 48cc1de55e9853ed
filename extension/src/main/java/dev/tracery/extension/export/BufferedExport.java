package dev.tracery.extension.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The disk buffer side of one {@link ResilientHttpSender}: keeps the batches the sender could not
 * deliver in the application's own {@link DiskBuffer}, and sends them back, oldest first, as soon
 * as the collector takes requests again, whether or not the application is still making spans.
 *
 * <p>Replay runs in turns on the sender's own thread, so a buffered batch and a new one never race.
 * A turn is queued when a new export succeeds (the collector is back), and otherwise on the circuit
 * breaker's schedule: when a batch is buffered, or a turn found the collector still away, a
 * one-shot timer queues the next turn when the breaker will let a probe through ({@code
 * tracery.exporter.circuit-breaker.open-duration} at most). With nothing buffered no timer is
 * pending, and its thread ends a second after its last task; {@link #close()} stops it at once. A
 * turn sends at most {@value #BATCHES_PER_TURN} batches, then lets new exports go before it
 * continues.
 *
 * <p>Each batch is sent with the sender's single-attempt request (same endpoint and headers as new
 * batches of this application) through the breaker: a batch the collector accepts is deleted and
 * counted exported; one it refuses for good (a status OTLP says not to retry: a 4xx other than 429,
 * a 5xx other than 502, 503, 504) is deleted and counted dropped; anything else (no connection,
 * timeout, 429, 502, 503, 504) leaves it, and all after it, for the next turn.
 *
 * <p>The directory is the application's own ({@link BufferOwner}). When another instance holds it
 * (an earlier copy of the application still stopping), this one runs without a buffer (batches it
 * would buffer are dropped and counted) and tries again on each batch to buffer and on a timer,
 * from 250 ms doubling to the breaker's open duration, then takes it over with what it holds.
 */
final class BufferedExport {

  private static final Logger LOG = Logger.getLogger(BufferedExport.class.getName());

  static final int BATCHES_PER_TURN = 10;
  private static final long FIRST_LOCK_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  /** What became of one request. */
  enum Answer {
    DELIVERED,
    /** The collector refused it for good (a status not to retry), or it cannot be sent at all. */
    REJECTED,
    /** Worth trying again later: no connection, timeout, 429, 502, 503, 504. */
    RETRY_LATER
  }

  /** Sends one buffered request body, once, as the sender sends a new one. */
  interface Transport {
    /** The answer, and in {@code reason[0]} why it failed, for the breaker's log line. */
    Answer send(byte[] body, String[] reason);
  }

  private final Path base;
  private final BufferOwner owner;
  private final long maxBytes;
  private final long openNanos;
  private final ExportStatistics statistics;
  private final CircuitBreaker breaker;
  private final ExecutorService senderThread;
  private final Transport transport;
  private final BufferProblems problems;
  private final ScheduledThreadPoolExecutor timer;
  private final AtomicBoolean turnQueued = new AtomicBoolean();

  // Guarded by this.
  private DiskBuffer buffer;
  private boolean closed;
  private ScheduledFuture<?> nextTurn;
  private long lockRetryNanos = FIRST_LOCK_RETRY_NANOS;
  private boolean waitingForLock;

  BufferedExport(
      BufferOwner owner,
      ExportSettings settings,
      ExportStatistics statistics,
      CircuitBreaker breaker,
      ExecutorService senderThread,
      Transport transport) {
    this.base = settings.bufferDirectory();
    this.owner = owner;
    this.maxBytes = settings.bufferMaxBytes;
    this.openNanos = Math.max(1, settings.openDuration.toNanos());
    this.statistics = statistics;
    this.breaker = breaker;
    this.senderThread = senderThread;
    this.transport = transport;
    this.problems = new BufferProblems(settings.nanoTime);
    this.timer =
        new ScheduledThreadPoolExecutor(
            1, ResilientHttpSender.detachedThreads("tracery-exporter-buffer"));
    timer.setKeepAliveTime(1, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
    timer.setRemoveOnCancelPolicy(true);
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** Opens the directory and, when an earlier run left batches, queues their delivery. */
  void start() {
    boolean backlog;
    synchronized (this) {
      DiskBuffer opened = available();
      backlog = opened != null && !opened.isEmpty();
    }
    if (backlog) {
      queueTurn();
    }
  }

  /**
   * The buffer, opening it if this instance does not hold it yet; null when it cannot be had now.
   */
  private DiskBuffer available() {
    if (buffer != null || closed) {
      return buffer;
    }
    try {
      buffer = DiskBuffer.open(base, owner, maxBytes, statistics, problems);
      lockRetryNanos = FIRST_LOCK_RETRY_NANOS;
      if (waitingForLock) {
        waitingForLock = false;
        problems.acquired(buffer.directory());
      }
      return buffer;
    } catch (DiskBuffer.InUseException e) {
      problems.inUse(base, owner);
      waitingForLock = true;
      long delay = lockRetryNanos;
      lockRetryNanos = Math.min(openNanos, lockRetryNanos * 2);
      schedule(delay);
      return null;
    } catch (IOException | RuntimeException e) {
      problems.cannotWrite(base.resolve(owner.directoryName()), String.valueOf(e));
      return null;
    }
  }

  /**
   * Keeps a batch the collector did not take, or drops and counts it when the buffer cannot be had;
   * arranges for a turn when the breaker will let a probe through. Never throws.
   */
  void store(byte[] body, SpanBatch batch) {
    synchronized (this) {
      DiskBuffer opened = closed ? null : available();
      if (opened == null) {
        batch.dropped();
        return;
      }
      opened.store(body, batch);
      if (opened.isEmpty()) {
        return;
      }
    }
    scheduleProbe();
  }

  /**
   * A new export was accepted: the collector is back, so send what is buffered, after what is
   * queued.
   */
  void collectorAnswered() {
    boolean backlog;
    synchronized (this) {
      backlog = buffer != null && !buffer.isEmpty();
    }
    if (backlog) {
      queueTurn();
    }
  }

  private void scheduleProbe() {
    long untilProbe = breaker.nanosUntilProbe();
    schedule(untilProbe > 0 ? untilProbe : openNanos);
  }

  /** Queues a turn after {@code delayNanos}, unless one is due sooner already. */
  private synchronized void schedule(long delayNanos) {
    if (closed) {
      return;
    }
    // A timer whose delay has run out is firing or has fired: the turn it queued may be the very
    // one
    // asking for the next, so only a timer still to come makes a new one unnecessary.
    long pending =
        nextTurn == null || nextTurn.isDone() ? -1 : nextTurn.getDelay(TimeUnit.NANOSECONDS);
    if (pending > 0) {
      if (pending <= delayNanos) {
        return;
      }
      nextTurn.cancel(false);
    }
    try {
      nextTurn = timer.schedule(this::queueTurn, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      nextTurn = null; // closing
    }
  }

  private void queueTurn() {
    if (turnQueued.compareAndSet(false, true)) {
      try {
        senderThread.execute(this::turn);
      } catch (RejectedExecutionException e) {
        turnQueued.set(false); // the sender is shutting down; the batches stay for the next start
      }
    }
  }

  /**
   * On the sender's thread: sends buffered batches, oldest first, while the collector takes them.
   */
  private void turn() {
    turnQueued.set(false);
    try {
      DiskBuffer opened;
      synchronized (this) {
        opened = closed ? null : available();
      }
      if (opened == null) {
        return; // not ours yet (a retry is scheduled) or unusable (retried when a batch is stored)
      }
      for (int sent = 0; ; sent++) {
        if (senderThread.isShutdown()) {
          return; // stopping: what is left stays for the next start
        }
        if (sent == BATCHES_PER_TURN) {
          queueTurn();
          return;
        }
        DiskBuffer.Batch batch = opened.oldest();
        if (batch == null) {
          return;
        }
        byte[] body = opened.read(batch);
        if (body == null) {
          continue; // set aside and counted
        }
        if (!sendOne(opened, batch, body)) {
          scheduleProbe();
          return;
        }
      }
    } catch (RuntimeException | Error e) {
      LOG.log(Level.FINE, "Tracery: replaying the disk buffer failed; trying again later", e);
      scheduleProbe();
    }
  }

  /** Sends one batch through the breaker; false when the collector is not taking requests now. */
  private boolean sendOne(DiskBuffer opened, DiskBuffer.Batch batch, byte[] body) {
    CircuitBreaker.Permit permit = breaker.tryAcquire();
    if (permit == CircuitBreaker.Permit.REFUSE) {
      return false;
    }
    String[] reason = {null};
    Answer answer = null;
    try {
      answer = transport.send(body, reason);
    } finally {
      if (answer == null) {
        // Thrown: a failed request for the breaker too, so that a probe never stays in flight.
        breaker.onFailure("unexpected error replaying the disk buffer");
      }
    }
    switch (answer) {
      case DELIVERED:
        breaker.onSuccess();
        opened.delivered(batch);
        return true;
      case REJECTED:
        breaker.onFailure(reason[0]);
        opened.rejected(batch);
        if (LOG.isLoggable(Level.FINE)) {
          LOG.fine(
              "Tracery: the collector refused a buffered batch of "
                  + batch.spans
                  + " span(s) ("
                  + reason[0]
                  + "); dropped and counted");
        }
        return breaker.nanosUntilProbe() < 0;
      case RETRY_LATER:
      default:
        breaker.onFailure(reason[0]);
        return false;
    }
  }

  /**
   * Stops the timer and releases the directory for the next instance. Called once the sender's
   * thread has stopped; batches stored after this are dropped and counted. Idempotent.
   */
  void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (nextTurn != null) {
        nextTurn.cancel(false);
        nextTurn = null;
      }
      if (buffer != null) {
        buffer.close();
      }
    }
    timer.shutdownNow();
  }
}
