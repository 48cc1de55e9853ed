package dev.tracery.extension.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One application's buffer directory on its own: bound, order, ownership. */
class DiskBufferStoreTest {

  private final ExportStatistics statistics = new ExportStatistics();
  private final BufferProblems problems = new BufferProblems(System::nanoTime);
  private final BufferOwner owner = BufferOwner.of("orders", "orders");

  /** A batch of spans that ended and that the exporter took, as the sender hands it over. */
  private SpanBatch ended(int spans) {
    for (int i = 0; i < spans; i++) {
      statistics.enqueue(Integer.MAX_VALUE);
    }
    return statistics.batch(spans);
  }

  private DiskBuffer open(Path base, long maxBytes) throws Exception {
    return DiskBuffer.open(base, owner, maxBytes, statistics, problems);
  }

  private static List<String> names(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".otlp"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  void givesBackBatchesOldestFirstExactlyAsStored(@TempDir Path base) throws Exception {
    try (DiskBuffer buffer = open(base, 1 << 20)) {
      buffer.store(new byte[] {1, 2, 3}, ended(3));
      buffer.store(new byte[] {4, 5}, ended(2));
      assertThat(statistics.getSpansBuffered()).isEqualTo(5);

      List<byte[]> bodies = new ArrayList<>();
      for (DiskBuffer.Batch batch = buffer.oldest(); batch != null; batch = buffer.oldest()) {
        bodies.add(buffer.read(batch));
        buffer.delivered(batch);
      }
      assertThat(bodies).containsExactly(new byte[] {1, 2, 3}, new byte[] {4, 5});
      assertThat(statistics.getSpansExported()).isEqualTo(5);
      assertThat(statistics.getSpansBuffered()).isZero();
      assertThat(names(buffer.directory())).isEmpty();
    }
  }

  @Test
  void deletesTheOldestWhenFullAndCountsTheirSpansDropped(@TempDir Path base) throws Exception {
    try (DiskBuffer buffer = open(base, 3 * (16 + 100))) {
      for (int i = 1; i <= 5; i++) {
        buffer.store(new byte[100], ended(i));
      }
      assertThat(names(buffer.directory()))
          .hasSize(3)
          .allSatisfy(name -> assertThat(name).matches("\\d{19}-[345]\\.otlp"));
      assertThat(statistics.getSpansDropped()).isEqualTo(1 + 2);
      assertThat(statistics.getSpansBuffered()).isEqualTo(3 + 4 + 5);
      assertThat(statistics.getSpansQueued()).as("every span ended is in one place").isZero();
    }
  }

  @Test
  void dropsABatchLargerThanTheWholeBufferInsteadOfEmptyingIt(@TempDir Path base) throws Exception {
    try (DiskBuffer buffer = open(base, 200)) {
      buffer.store(new byte[10], ended(1));
      buffer.store(new byte[500], ended(7));
      assertThat(names(buffer.directory())).hasSize(1);
      assertThat(statistics.getSpansDropped()).isEqualTo(7);
    }
  }

  @Test
  void continuesTheSequenceOfAnEarlierRun(@TempDir Path base) throws Exception {
    try (DiskBuffer buffer = open(base, 1 << 20)) {
      buffer.store(new byte[] {1}, ended(1));
      buffer.store(new byte[] {2}, ended(1));
    }
    try (DiskBuffer buffer = open(base, 1 << 20)) {
      assertThat(statistics.getSpansBuffered()).isEqualTo(4); // 2 stored + 2 found again
      buffer.store(new byte[] {3}, ended(1));
      assertThat(names(buffer.directory()))
          .containsExactly(
              "0000000000000000001-1.otlp",
              "0000000000000000002-1.otlp",
              "0000000000000000003-1.otlp");
    }
  }

  @Test
  void isHeldByOneInstanceAtATimeAndFreeOnceClosed(@TempDir Path base) throws Exception {
    DiskBuffer first = open(base, 1 << 20);
    assertThatThrownBy(() -> open(base, 1 << 20)).isInstanceOf(DiskBuffer.InUseException.class);
    assertThatThrownBy(() -> open(base, 1 << 20)).isInstanceOf(DiskBuffer.InUseException.class);
    first.store(new byte[] {1}, ended(1));
    first.close();

    first.store(new byte[] {2}, ended(4));
    assertThat(statistics.getSpansDropped()).as("nothing is written once closed").isEqualTo(4);
    try (DiskBuffer second = open(base, 1 << 20)) {
      assertThat(names(second.directory())).containsExactly("0000000000000000001-1.otlp");
    }
    assertThat(System.getProperties().stringPropertyNames())
        .noneMatch(key -> key.startsWith(DiskBuffer.HELD_PREFIX));
  }
}
