package dev.tracery.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With the collector down, the application keeps serving every request without an error, and the
 * server log gets the circuit breaker's WARNING once, and no line per failed export.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CollectorDownIT {

  /** A port nothing listens on: connections are refused, like a collector that is down. */
  static final int DEAD_PORT = freePort();

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.tracedWar(
        "collector-down",
        Map.of(
            "tracery.enabled", "true",
            "otel.service.name", "collector-down",
            "otel.exporter.otlp.endpoint", "http://127.0.0.1:" + DEAD_PORT,
            "otel.bsp.schedule.delay", "50ms",
            "tracery.exporter.retry.max-attempts", "2"));
  }

  @ArquillianResource URL base;

  @Test
  void servesEveryRequestAndLogsTheBreakerOpeningOnce() throws Exception {
    Path log = Path.of(System.getProperty("tracery.server.log"));
    long start = System.nanoTime();
    while (System.nanoTime() - start < Duration.ofSeconds(6).toNanos()) {
      assertThat(Http.getOk(base, "api/greeting?name=down")).isEqualTo("hello down!");
      Thread.sleep(100);
    }
    String endpoint = "127.0.0.1:" + DEAD_PORT;
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    List<String> ours;
    do {
      ours =
          Files.readAllLines(log, StandardCharsets.UTF_8).stream()
              .filter(line -> line.contains(endpoint))
              .collect(Collectors.toList());
      if (!ours.isEmpty()) {
        break;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);

    assertThat(ours).as("server log lines about the dead collector").hasSize(1);
    // (Payara writes the level on the line before the message; the level itself is checked by unit
    // tests.)
    assertThat(ours.get(0)).contains("circuit breaker open");
  }
}
