package dev.tracery.extension.export;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A bounded directory of export requests the collector could not take: one file per batch, holding the
 * OTLP request body exactly as it would have been sent, named {@code <sequence>-<spans>.otlp} so that the
 * oldest comes first and its span count is known without reading it. Survives a restart of the
 * application. When the bound is reached, the oldest files are deleted and their spans counted as
 * dropped. Used from the exporter's single thread only.
 */
final class DiskBuffer {

  private static final Logger LOG = Logger.getLogger(DiskBuffer.class.getName());
  private static final String SUFFIX = ".otlp";

  private final Path directory;
  private final long maxBytes;
  private final ExportStatistics statistics;
  private final AtomicLong sequence = new AtomicLong();
  private boolean ioFailureLogged;

  DiskBuffer(Path directory, long maxBytes, ExportStatistics statistics) throws IOException {
    this.directory = Files.createDirectories(directory);
    this.maxBytes = maxBytes;
    this.statistics = statistics;
    long last = 0;
    long spans = 0;
    for (Path file : files()) {
      last = Math.max(last, sequenceOf(file));
      spans += spansOf(file);
    }
    sequence.set(last);
    statistics.buffered(spans);
  }

  /** Keeps one batch; deletes the oldest ones first if the buffer would grow beyond its bound. */
  void store(byte[] body, int spans) {
    try {
      makeRoom(body.length);
      String name = String.format("%019d-%d%s", sequence.incrementAndGet(), spans, SUFFIX);
      Path temporary = directory.resolve(name + ".tmp");
      Files.write(temporary, body);
      Files.move(temporary, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      statistics.buffered(spans);
    } catch (IOException | RuntimeException e) {
      statistics.dropped(spans);
      logIoFailureOnce(e);
    }
  }

  private void makeRoom(long incoming) throws IOException {
    List<Path> files = files();
    long total = incoming;
    for (Path file : files) {
      total += Files.size(file);
    }
    for (int i = 0; i < files.size() && total > maxBytes; i++) {
      Path oldest = files.get(i);
      long size = Files.size(oldest);
      int spans = spansOf(oldest);
      Files.deleteIfExists(oldest);
      total -= size;
      statistics.buffered(-spans);
      statistics.dropped(spans);
    }
  }

  /** The buffered batches, oldest first. */
  List<Path> files() throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      for (Path file : stream) {
        files.add(file);
      }
    }
    Collections.sort(files);
    return files;
  }

  byte[] read(Path file) throws IOException {
    return Files.readAllBytes(file);
  }

  /** Removes a batch the collector has accepted. */
  void delivered(Path file) {
    try {
      Files.deleteIfExists(file);
      int spans = spansOf(file);
      statistics.buffered(-spans);
      statistics.exported(spans);
    } catch (IOException | RuntimeException e) {
      logIoFailureOnce(e);
    }
  }

  boolean isEmpty() {
    try {
      return files().isEmpty();
    } catch (IOException e) {
      return true;
    }
  }

  static int spansOf(Path file) {
    String name = file.getFileName().toString();
    try {
      return Integer.parseInt(name.substring(name.indexOf('-') + 1, name.length() - SUFFIX.length()));
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static long sequenceOf(Path file) {
    String name = file.getFileName().toString();
    try {
      return Long.parseLong(name.substring(0, name.indexOf('-')));
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private void logIoFailureOnce(Exception e) {
    if (!ioFailureLogged) {
      ioFailureLogged = true;
      LOG.log(Level.WARNING, "Tracery: the span disk buffer in " + directory + " cannot be written or read ("
          + e + "); spans that cannot be exported are dropped and counted. Logged once.");
    }
  }
}
