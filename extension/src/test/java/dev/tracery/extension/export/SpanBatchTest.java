package dev.tracery.extension.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The span counts as transitions: every span that ended is in exactly one place, and a batch
 * settles once, whichever path reaches it first.
 */
class SpanBatchTest {

  private final ExportStatistics statistics = new ExportStatistics();

  /** {@code spans} sampled spans end and the counted exporter takes them in one export. */
  private SpanBatch ended(int spans) {
    for (int i = 0; i < spans; i++) {
      assertThat(statistics.enqueue(Integer.MAX_VALUE)).isTrue();
    }
    return statistics.batch(spans);
  }

  private long accountedFor() {
    return statistics.getSpansExported()
        + statistics.getSpansDropped()
        + statistics.getSpansBuffered()
        + statistics.getSpansQueued();
  }

  @Test
  void aBatchSettlesOnceWhicheverPathComesFirst() {
    SpanBatch batch = ended(3);
    assertThat(statistics.getSpansQueued()).isEqualTo(3);

    batch.failed();
    batch.buffered();
    batch.dropped();
    batch.exported();

    assertThat(statistics.getSpansBuffered()).isEqualTo(3);
    assertThat(statistics.getSpansFailed()).isEqualTo(3);
    assertThat(statistics.getSpansDropped()).isZero();
    assertThat(statistics.getSpansExported()).isZero();
    assertThat(statistics.getSpansQueued()).isZero();
    assertThat(accountedFor()).isEqualTo(3);
  }

  @Test
  void aBatchHandedToAnotherExporterLeavesTheQueueBoundAndIsQueuedUntilItsExportCompletes() {
    SpanBatch batch = ended(2);
    batch.handedOver();

    assertThat(statistics.getSpansQueued()).as("in flight").isEqualTo(2);
    assertThat(statistics.enqueue(2)).as("room again under a bound of 2").isTrue();
    assertThat(statistics.enqueue(2)).isTrue();
    assertThat(statistics.enqueue(2)).as("full").isFalse();

    batch.exported();
    assertThat(statistics.getSpansExported()).isEqualTo(2);
    assertThat(statistics.getSpansDropped()).isEqualTo(1);
    assertThat(statistics.getSpansQueued()).isEqualTo(2);
    assertThat(accountedFor()).isEqualTo(5);
  }

  @Test
  void closingDropsWhatIsStillQueuedOnceAndLaterOutcomesChangeNothing() {
    SpanBatch inSender = ended(4);
    SpanBatch elsewhere = ended(1);
    elsewhere.handedOver();
    ended(2); // still in the batch processor

    assertThat(statistics.close()).isEqualTo(7);
    inSender.exported();
    elsewhere.failed();
    elsewhere.dropped();

    assertThat(statistics.getSpansDropped()).isEqualTo(7);
    assertThat(statistics.getSpansExported()).isZero();
    assertThat(statistics.getSpansFailed()).isZero();
    assertThat(statistics.getSpansQueued()).isZero();
  }

  @Test
  void theBufferCountsWhatBecomesOfTheBatchesItHolds() {
    ended(5).buffered();
    statistics.foundInBuffer(3); // left by an earlier run

    statistics.bufferedExported(5);
    statistics.bufferedDropped(3);

    assertThat(statistics.getSpansBuffered()).isZero();
    assertThat(statistics.getSpansExported()).isEqualTo(5);
    assertThat(statistics.getSpansDropped()).isEqualTo(3);
  }
}
