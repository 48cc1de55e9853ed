package dev.tracery.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.tracery.it.app.LogLinesResource;
import dev.tracery.it.app.QuietLogLinesResource;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Log correlation on the real server, with the server's log format configured as the README says
 * (WildFly: the pattern formatter with {@code %X{trace_id}}, applied by the pom's jboss-cli step;
 * Payara: Tracery's handler jar on the class path and first among the handlers, by the pom's
 * configure-payara step). A traced request's application log lines in the server's log file carry
 * that request's trace id; a later request on an excluded (untraced) path, served by the same
 * pooled thread with no traced request in between, logs lines that carry none.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LogCorrelationIT {

  static final String RUN = Long.toHexString(System.nanoTime());
  static final Pattern ANY_TRACE_ID = Pattern.compile("trace_id=[0-9a-f]{32}");

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.tracedWar(
            "tracery-logs",
            Map.of(
                "tracery.enabled", "true",
                "otel.service.name", "tracery-logs",
                "otel.traces.exporter", "none",
                "tracery.http.server.excluded-paths", "/api/quiet/*"))
        .addClasses(LogLinesResource.class, QuietLogLinesResource.class)
        .addClass("dev.tracery.it.app.LogLines");
  }

  @ArquillianResource URL base;

  private static boolean wildfly() {
    return Deployments.server().startsWith("wildfly");
  }

  @Test
  void aTracedRequestsLinesCarryItsTraceIdAndAnUntracedOneOnTheSameThreadCarriesNone()
      throws Exception {
    assumeFalse(Deployments.server().equals("wildfly-agent"), "the agent correlates logs itself");

    // A traced request, then untraced ones until one is served by the traced request's thread
    // (Payara's
    // pool hands requests to its idle threads in turn, WildFly's mostly to the last one used).
    String[] traced = null;
    String[] quiet = null;
    String tracedMarker = null;
    String quietMarker = null;
    search:
    for (int round = 0; round < 5; round++) {
      tracedMarker = "traced-" + RUN + "-" + round;
      traced = Http.getOk(base, "api/logs/" + tracedMarker).split("\\|");
      for (int attempt = 0; attempt < 200; attempt++) {
        quietMarker = "quiet-" + RUN + "-" + round + "-" + attempt;
        quiet = Http.getOk(base, "api/quiet/" + quietMarker).split("\\|");
        if (traced[0].equals(quiet[0])) {
          break search;
        }
      }
    }
    assertThat(quiet[0])
        .as("thread of an untraced request after the traced one")
        .isEqualTo(traced[0]);
    String traceId = traced[1];
    assertThat(traceId).as("the traced request's trace id").matches("[0-9a-f]{32}");
    assertThat(quiet[1]).as("the untraced request has no span").isEqualTo("-");
    System.out.println(
        "LogCorrelationIT on "
            + Deployments.server()
            + ": traced "
            + String.join("|", traced)
            + "; untraced "
            + String.join("|", quiet));

    if (wildfly()) {
      // Every MDC API WildFly gives the application sees the ids while the span is current, none
      // after.
      assertThat(traced).contains("jboss=" + traceId, "slf4j=" + traceId, "log4j=" + traceId);
      assertThat(quiet).contains("jboss=null", "slf4j=null", "log4j=null");
    }

    List<String> tracedLines = awaitLines(tracedMarker, wildfly() ? 3 : 1);
    assertThat(tracedLines)
        .as("the traced request's lines in the server log")
        .allSatisfy(
            line ->
                assertThat(line)
                    .contains("trace_id=" + traceId)
                    .containsPattern("span_id=[0-9a-f]{16}"));
    List<String> quietLines = awaitLines(quietMarker, wildfly() ? 3 : 1);
    assertThat(quietLines)
        .as("the untraced request's lines in the server log, on the same thread")
        .allSatisfy(line -> assertThat(line).doesNotContainPattern(ANY_TRACE_ID));
    // Tracery could wrap the application's context storage: nothing used it before Tracery started
    // (on
    // Payara the server handler itself logs during deployment and must not make it initialize
    // early).
    // The log keeps earlier runs: from this deployment's start line on.
    String log =
        Files.readString(Path.of(System.getProperty("tracery.server.log")), StandardCharsets.UTF_8);
    String deployment =
        log.substring(Math.max(0, log.lastIndexOf("Tracery is tracing 'tracery-logs'")));
    assertThat(deployment)
        .contains("Tracery is tracing 'tracery-logs'")
        .doesNotContain("no trace ids in the MDC");
    System.out.println(
        "LogCorrelationIT lines:\n"
            + String.join("\n", tracedLines)
            + "\n"
            + String.join("\n", quietLines));
  }

  /**
   * The server log's lines with the marker, once there are at least {@code count}; fails after 30
   * s.
   */
  private static List<String> awaitLines(String marker, int count) throws Exception {
    Path file = Path.of(System.getProperty("tracery.server.log"));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<String> lines =
          Files.readAllLines(file, StandardCharsets.UTF_8).stream()
              .filter(line -> line.contains(marker))
              .collect(Collectors.toList());
      if (lines.size() >= count) {
        return lines;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            count + " lines with " + marker + " expected in " + file + ", found " + lines);
      }
      Thread.sleep(100);
    }
  }
}
