package dev.tracery.extension.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.extension.LogCaptures;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A client floods the server with oversized propagation headers under names it invents for every
 * request ({@code uberctx-*} for the Jaeger propagator, {@code ot-baggage-*} for OpenTracing's):
 * every request is served, and Tracery writes at most one line a minute per kind of problem, not
 * one per header name.
 */
class HeaderFloodTest {

  private static final int REQUESTS = 150;

  @Test
  void inventedHeaderNamesGiveOneLineAMinutePerKindOfProblem() throws Exception {
    try (LogCaptures logs = LogCaptures.of("dev.tracery", "io.opentelemetry");
        JaxrsServer server =
            JaxrsServer.builder(ShopApplication.class)
                .beans(OrderResource.class, Inventory.class, Workers.class)
                .config("otel.propagators", "tracecontext,baggage,jaeger,ottrace,b3multi")
                .start()) {
      long start = System.nanoTime();
      String big = "v".repeat(5000);
      for (int i = 0; i < REQUESTS; i++) {
        int status =
            HostileHeadersTest.rawGet(
                server,
                "orders/1",
                List.of(
                    new String[] {"uberctx-invented-" + i, big},
                    new String[] {"ot-baggage-made-up-" + i + "-x", big},
                    new String[] {"uber-trace-id", big},
                    new String[] {"traceparent", "00-" + "f".repeat(5000) + "-b7ad6b7169203331-01"},
                    new String[] {"baggage", "k=" + "v".repeat(9000)}));
        assertThat(status).as("request %d", i).isEqualTo(200);
      }
      long minutes = TimeUnit.NANOSECONDS.toMinutes(System.nanoTime() - start) + 1;

      List<LogRecord> loud =
          logs.records().stream()
              .filter(record -> record.getLevel().intValue() >= Level.INFO.intValue())
              .filter(record -> record.getMessage().contains("ignored"))
              .collect(Collectors.toList());
      Map<String, Long> linesPerKind =
          loud.stream()
              .collect(
                  Collectors.groupingBy(
                      record -> kind(record.getMessage()), Collectors.counting()));
      assertThat(linesPerKind.keySet())
          .containsExactlyInAnyOrder("propagation", "'traceparent'", "'baggage'");
      // One line at the first such header, then at most one a minute, whatever the number of header
      // names.
      assertThat(linesPerKind.values())
          .allSatisfy(lines -> assertThat(lines).isBetween(1L, minutes));
      assertThat(loud)
          .allSatisfy(
              record ->
                  assertThat(record.getMessage())
                      .startsWith("Tracery: ignored ")
                      .contains("At most one such line a minute")
                      .doesNotContain("invented")
                      .doesNotContain("made-up")
                      .doesNotContain("vvvv"));
    }
  }

  private static String kind(String message) {
    for (String kind :
        List.of("'traceparent'", "'tracestate'", "'baggage'", "propagation", "no propagator")) {
      if (message.contains(kind)) {
        return kind;
      }
    }
    return message;
  }
}
