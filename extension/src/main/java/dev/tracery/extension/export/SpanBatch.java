package dev.tracery.extension.export;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The spans of one export by the counted exporter (see {@link ExportPipeline}), from when the
 * exporter takes them from the batch processor until their outcome is known, and the only way their
 * counts in {@link ExportStatistics} change. It settles exactly once, as exported, buffered (kept
 * in the disk buffer) or dropped: the first of those calls counts, later ones change nothing, so no
 * path counts a batch twice or leaves it in {@code SpansQueued}. {@link #failed()} marks an export
 * that failed before the batch settles; it is counted with the outcome.
 *
 * <p>Handed to Tracery's sender through {@link ExportPipeline#claimBatch()} on the exporting
 * thread; after that, on whichever thread delivers it. Thread-safe.
 */
final class SpanBatch {

  enum Outcome {
    EXPORTED,
    BUFFERED,
    DROPPED
  }

  final int spans;
  private final ExportStatistics statistics;
  private final AtomicBoolean settled = new AtomicBoolean();
  private volatile boolean failed;
  private volatile boolean inFlight;
  private volatile boolean claimed;

  SpanBatch(ExportStatistics statistics, int spans) {
    this.statistics = statistics;
    this.spans = spans;
  }

  /** Tracery's sender takes charge of counting this batch. */
  void claim() {
    claimed = true;
  }

  /** Whether Tracery's sender counts this batch; else the exporter wrapper does. */
  boolean claimed() {
    return claimed;
  }

  /**
   * Handed to an exporter that is not Tracery's sender: the spans leave the queue now and are in
   * flight until the export completes.
   */
  void handedOver() {
    if (!settled.get() && !inFlight) {
      inFlight = true;
      statistics.handedOver(spans);
    }
  }

  /** The export failed (after its retries); counted when the batch settles. */
  void failed() {
    failed = true;
  }

  void exported() {
    settle(Outcome.EXPORTED);
  }

  /** Kept in the disk buffer, which counts what becomes of it from now on. */
  void buffered() {
    settle(Outcome.BUFFERED);
  }

  void dropped() {
    settle(Outcome.DROPPED);
  }

  boolean isSettled() {
    return settled.get();
  }

  private void settle(Outcome outcome) {
    if (settled.compareAndSet(false, true)) {
      statistics.settled(spans, inFlight, outcome, failed);
    }
  }

  @Override
  public String toString() {
    return "SpanBatch{" + spans + " span(s)" + (settled.get() ? ", settled" : "") + "}";
  }
}
