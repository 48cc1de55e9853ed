package dev.tracery.it;

import java.net.URL;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The threads OpenTelemetry's SDK, Tracery's exporter and its JDK HttpClient start, as the
 * diagnostics WAR sees them in the server JVM.
 */
final class SdkThreads {

  private SdkThreads() {}

  /** Those running now, by name. */
  static List<String> running(URL diag) throws Exception {
    return Arrays.stream(Http.getOk(diag, "diag/threads").split("\n"))
        .map(line -> line.split("\\|", 2)[0])
        .filter(
            name ->
                name.startsWith("BatchSpanProcessor")
                    || name.startsWith("HttpClient-")
                    || name.startsWith("tracery-"))
        .collect(Collectors.toList());
  }

  /**
   * Those still running once they had {@code within} to end, with a full GC in the server before
   * each look: on Java 17 an HttpClient's threads end only after a GC has collected the client, and
   * its selector thread notices that on its next wake-up, so each round leaves it half a second.
   */
  static List<String> leftAfterGcs(URL diag, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    List<String> left = running(diag);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Http.getOk(diag, "diag/gc");
      TimeUnit.MILLISECONDS.sleep(500);
      left = running(diag);
    }
    return left;
  }
}
