package dev.tracery.extension.export;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32;

/**
 * One application's directory of export requests the collector could not take, held exclusively
 * while the application runs: a lock ({@link FileChannel#tryLock()}) on {@value #LOCK_FILE} in it
 * keeps out any other process, and an entry in the JVM's system properties any other instance in
 * this JVM (see {@link #HELD_PREFIX}), that would open the same directory.
 *
 * <p>One file per batch, named {@code <sequence>-<spans>.otlp} so that the oldest comes first and
 * its span count is known without reading it; it holds a 16-byte header (magic, span count, body
 * length, CRC-32 of the body) and the OTLP request body exactly as it would have been sent. A file
 * is written under a {@code .tmp} name and renamed when complete, so a crash leaves at worst a
 * temporary file, which the next start deletes. A file whose name, header, length or checksum is
 * wrong is renamed to {@code *.otlp.corrupt} (kept for a human to look at, never read again) and
 * its spans counted as dropped. Files are created {@code 0600} and the directory {@code 0700} where
 * the file system has POSIX permissions.
 *
 * <p>Bounded by bytes: when a new batch would exceed the bound, the oldest batches are deleted and
 * their spans counted as dropped. Thread-safe (the exporter's thread does nearly everything; a
 * batch may be stored from the thread shutting the exporter down). After {@link #close()} nothing
 * is written, read or deleted any more: the directory may already belong to the next instance of
 * the application.
 */
final class DiskBuffer implements Closeable {

  private static final Logger LOG = Logger.getLogger(DiskBuffer.class.getName());

  static final String SUFFIX = ".otlp";
  static final String TEMPORARY_SUFFIX = ".tmp";
  static final String CORRUPT_SUFFIX = ".corrupt";
  static final String LOCK_FILE = "buffer.lock";

  /**
   * Marks a directory held by an instance in this JVM, keyed by its real path. POSIX record locks
   * belong to the process, and closing any descriptor of the lock file releases them: a second
   * instance in the same JVM (an application being redeployed while its old copy stops, in its own
   * class loader) must therefore not even open the lock file while the first holds it. The system
   * properties are the one map every class loader of the JVM shares; the entry is a plain string,
   * so it keeps nothing of the application, and it is removed when the directory is released.
   */
  static final String HELD_PREFIX = "dev.tracery.exporter.buffer.held:";

  /** "TRB1": Tracery buffer, format 1. */
  private static final int MAGIC = 0x54524231;

  private static final int HEADER_BYTES = 16;

  private static final Set<PosixFilePermission> FILE_PERMISSIONS =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS =
      PosixFilePermissions.fromString("rwx------");

  /** The directory is held by another process or another instance in this JVM. */
  static final class InUseException extends IOException {
    InUseException(Path directory) {
      super(directory + " is in use by another instance of the application");
    }
  }

  /** One buffered batch. */
  static final class Batch {
    final Path file;
    final long sequence;
    final int spans;
    final long bytes;

    Batch(Path file, long sequence, int spans, long bytes) {
      this.file = file;
      this.sequence = sequence;
      this.spans = spans;
      this.bytes = bytes;
    }
  }

  private final Path directory;
  private final long maxBytes;
  private final ExportStatistics statistics;
  private final BufferProblems problems;
  private final boolean posix;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final String heldKey;
  private final String heldToken;

  /** Oldest first. */
  private final ArrayDeque<Batch> batches = new ArrayDeque<>();

  private long totalBytes;
  private long sequence;
  private boolean closed;

  private DiskBuffer(
      Path directory,
      long maxBytes,
      ExportStatistics statistics,
      BufferProblems problems,
      boolean posix,
      FileChannel lockChannel,
      FileLock lock,
      String heldKey,
      String heldToken) {
    this.directory = directory;
    this.maxBytes = maxBytes;
    this.statistics = statistics;
    this.problems = problems;
    this.posix = posix;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.heldKey = heldKey;
    this.heldToken = heldToken;
  }

  /**
   * Opens (creating it if needed) the owner's subdirectory of {@code base} and locks it; deletes
   * the temporary files a crash left, sets aside files that cannot be batches, and counts the spans
   * of the batches left by an earlier run as buffered.
   *
   * @throws InUseException when another instance holds the directory
   * @throws IOException when the directory cannot be created, locked or listed
   */
  static DiskBuffer open(
      Path base,
      BufferOwner owner,
      long maxBytes,
      ExportStatistics statistics,
      BufferProblems problems)
      throws IOException {
    boolean posix = base.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(base)) {
      // Created by Tracery, so private to it; an existing one (a shared /var/tmp) is left as it is.
      Files.createDirectories(base, directoryAttributes(posix));
    }
    Path directory = base.resolve(owner.directoryName());
    if (Files.isSymbolicLink(directory)) {
      throw new IOException(
          directory + " is a symbolic link; Tracery only writes to a directory of its own");
    }
    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectory(directory, directoryAttributes(posix));
    }
    if (posix) {
      try {
        Files.setPosixFilePermissions(directory, DIRECTORY_PERMISSIONS);
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        LOG.log(Level.FINE, "Tracery: cannot set the permissions of " + directory, e);
      }
    }
    String heldKey = HELD_PREFIX + directory.toRealPath();
    String heldToken =
        owner
            + " "
            + Integer.toHexString(System.identityHashCode(statistics))
            + " "
            + System.nanoTime();
    if (System.getProperties().putIfAbsent(heldKey, heldToken) != null) {
      throw new InUseException(directory); // by another instance in this JVM
    }
    FileChannel channel = null;
    FileLock lock = null;
    try {
      channel =
          FileChannel.open(
              directory.resolve(LOCK_FILE),
              EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
              fileAttributes(posix));
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // cannot be, with the entry above; treated as held all the same
      }
      if (lock == null) {
        throw new InUseException(directory); // by another process
      }
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      System.getProperties().remove(heldKey, heldToken);
      throw e;
    }
    DiskBuffer buffer =
        new DiskBuffer(
            directory, maxBytes, statistics, problems, posix, channel, lock, heldKey, heldToken);
    try {
      buffer.load();
    } catch (IOException | RuntimeException e) {
      buffer.close();
      throw e;
    }
    return buffer;
  }

  private static FileAttribute<?>[] directoryAttributes(boolean posix) {
    return posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIRECTORY_PERMISSIONS)}
        : new FileAttribute<?>[0];
  }

  private static FileAttribute<?>[] fileAttributes(boolean posix) {
    return posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_PERMISSIONS)}
        : new FileAttribute<?>[0];
  }

  private void load() throws IOException {
    List<Batch> found = new ArrayList<>();
    List<Path> unreadable = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      for (Path file : stream) {
        String name = file.getFileName().toString();
        if (name.endsWith(TEMPORARY_SUFFIX)) {
          // Written by a run that stopped before finishing it: never complete, never renamed.
          Files.deleteIfExists(file);
        } else if (name.endsWith(SUFFIX)) {
          Batch batch = parse(file);
          if (batch == null) {
            unreadable.add(file);
          } else {
            found.add(batch);
          }
        }
      }
    }
    found.sort(Comparator.comparingLong(batch -> batch.sequence));
    long spans = 0;
    for (Batch batch : found) {
      batches.addLast(batch);
      totalBytes += batch.bytes;
      spans += batch.spans;
      sequence = Math.max(sequence, batch.sequence);
    }
    statistics.foundInBuffer(spans);
    for (Path file : unreadable) {
      moveAside(file, 0);
    }
  }

  /** A batch from its file name and size; null when the name is not one Tracery writes. */
  private static Batch parse(Path file) {
    String name = file.getFileName().toString();
    int dash = name.indexOf('-');
    if (dash <= 0) {
      return null;
    }
    try {
      long sequence = Long.parseLong(name.substring(0, dash));
      int spans = Integer.parseInt(name.substring(dash + 1, name.length() - SUFFIX.length()));
      if (sequence <= 0 || spans < 0) {
        return null;
      }
      return new Batch(file, sequence, spans, Files.size(file));
    } catch (NumberFormatException | IOException e) {
      return null;
    }
  }

  Path directory() {
    return directory;
  }

  synchronized boolean isEmpty() {
    return batches.isEmpty();
  }

  /**
   * Keeps one batch, deleting the oldest ones first if the buffer would grow beyond its bound. When
   * it cannot be written (disk full, directory gone or read-only) the batch is dropped and counted,
   * and a line logged at most once a minute. Never throws.
   */
  synchronized void store(byte[] body, SpanBatch batch) {
    if (closed) {
      batch.dropped();
      return;
    }
    int spans = batch.spans;
    long bytes = (long) HEADER_BYTES + body.length;
    if (bytes > maxBytes) {
      batch.dropped();
      problems.cannotWrite(
          directory,
          "a batch of " + bytes + " bytes is larger than tracery.exporter.buffer.max-size");
      return;
    }
    makeRoom(bytes);
    long next = sequence + 1;
    String name = String.format("%019d-%d%s", next, spans, SUFFIX);
    Path temporary = directory.resolve(name + TEMPORARY_SUFFIX);
    try {
      CRC32 crc = new CRC32();
      crc.update(body);
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      header.putInt(MAGIC).putInt(spans).putInt(body.length).putInt((int) crc.getValue()).flip();
      try (FileChannel out =
          FileChannel.open(
              temporary,
              EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              fileAttributes(posix))) {
        ByteBuffer content = ByteBuffer.wrap(body);
        while (header.hasRemaining() || content.hasRemaining()) {
          out.write(new ByteBuffer[] {header, content});
        }
        out.force(true);
      }
      Path file = directory.resolve(name);
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
      sequence = next;
      batches.addLast(new Batch(file, next, spans, bytes));
      totalBytes += bytes;
      batch.buffered();
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException | RuntimeException ignored) {
        // the directory is unusable; the next start deletes what is left
      }
      batch.dropped();
      problems.cannotWrite(directory, String.valueOf(e));
    }
  }

  private void makeRoom(long incoming) {
    while (!batches.isEmpty() && totalBytes + incoming > maxBytes) {
      Batch oldest = batches.pollFirst();
      totalBytes -= oldest.bytes;
      try {
        Files.deleteIfExists(oldest.file);
      } catch (IOException | RuntimeException e) {
        problems.cannotWrite(directory, String.valueOf(e));
      }
      statistics.bufferedDropped(oldest.spans);
    }
  }

  /** The oldest batch, or null when there is none (or the buffer is closed). */
  synchronized Batch oldest() {
    return closed ? null : batches.peekFirst();
  }

  /**
   * The request body of a batch; null when its file is not a complete batch as Tracery writes it
   * (truncated, altered, gone), in which case it has been set aside and its spans counted as
   * dropped.
   */
  synchronized byte[] read(Batch batch) {
    if (closed || batches.peekFirst() != batch) {
      return null;
    }
    byte[] content;
    try {
      long size = Files.size(batch.file);
      if (size < HEADER_BYTES || size > maxBytes) {
        setAside(batch);
        return null;
      }
      content = Files.readAllBytes(batch.file);
    } catch (IOException | RuntimeException e) {
      setAside(batch);
      return null;
    }
    ByteBuffer in = ByteBuffer.wrap(content);
    int magic = in.getInt();
    int spans = in.getInt();
    int length = in.getInt();
    int checksum = in.getInt();
    if (magic != MAGIC || spans != batch.spans || length != content.length - HEADER_BYTES) {
      setAside(batch);
      return null;
    }
    CRC32 crc = new CRC32();
    crc.update(content, HEADER_BYTES, length);
    if ((int) crc.getValue() != checksum) {
      setAside(batch);
      return null;
    }
    byte[] body = new byte[length];
    System.arraycopy(content, HEADER_BYTES, body, 0, length);
    return body;
  }

  /** Removes a batch the collector has accepted, and counts its spans exported. */
  synchronized void delivered(Batch batch) {
    if (remove(batch)) {
      statistics.bufferedExported(batch.spans);
    }
  }

  /**
   * Removes a batch the collector refused for good (a 4xx other than 429), and counts its spans
   * dropped.
   */
  synchronized void rejected(Batch batch) {
    if (remove(batch)) {
      statistics.bufferedDropped(batch.spans);
    }
  }

  private boolean remove(Batch batch) {
    if (closed || !batches.contains(batch)) {
      return false; // already evicted and counted, or the directory is no longer this instance's
    }
    forget(batch);
    try {
      Files.deleteIfExists(batch.file);
    } catch (IOException | RuntimeException e) {
      problems.cannotWrite(directory, String.valueOf(e));
    }
    return true;
  }

  private void forget(Batch batch) {
    batches.remove(batch);
    totalBytes -= batch.bytes;
  }

  /** A batch whose file cannot be sent: forgotten, its spans dropped, its file set aside. */
  private void setAside(Batch batch) {
    forget(batch);
    statistics.bufferedDropped(batch.spans);
    moveAside(batch.file, batch.spans);
  }

  /**
   * Renames a file that is not a complete batch to {@code *.corrupt}, so it is never read again.
   */
  private void moveAside(Path file, int spans) {
    statistics.bufferFileSetAside();
    try {
      Files.move(
          file,
          file.resolveSibling(file.getFileName() + CORRUPT_SUFFIX),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(file); // it must not be read again
      } catch (IOException | RuntimeException ignored) {
        // reported below
      }
    }
    problems.setAside(directory, file.getFileName().toString(), spans);
  }

  /** Releases the directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      lock.release();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "Tracery: releasing the disk buffer lock failed", e);
    }
    try {
      lockChannel.close();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "Tracery: closing the disk buffer lock file failed", e);
    }
    // Last: only now may another instance of this JVM open the lock file.
    System.getProperties().remove(heldKey, heldToken);
  }
}
