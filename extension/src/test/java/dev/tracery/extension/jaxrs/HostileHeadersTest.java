package dev.tracery.extension.jaxrs;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.extension.LogCaptures;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A corpus of malformed, oversized and hostile propagation headers: every request is served
 * normally, a bad traceparent starts a new trace, nothing throws, and each kind of problem is
 * logged at most once a minute.
 */
class HostileHeadersTest {

  static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  static final String VALID = "00-" + TRACE_ID + "-b7ad6b7169203331-01";

  static JaxrsServer server;

  @BeforeAll
  static void start() {
    server =
        JaxrsServer.builder(ShopApplication.class)
            .beans(OrderResource.class, Inventory.class, Workers.class)
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<String> malformedTraceparents() {
    List<String> corpus = new ArrayList<>();
    corpus.add("");
    corpus.add("garbage");
    corpus.add("00-" + TRACE_ID + "-b7ad6b7169203331");
    corpus.add("00-00000000000000000000000000000000-b7ad6b7169203331-01");
    corpus.add("00-" + TRACE_ID + "-0000000000000000-01");
    corpus.add("ff-" + TRACE_ID + "-b7ad6b7169203331-01");
    corpus.add("00-" + TRACE_ID + "-b7ad6b7169203331-01-extra");
    corpus.add("00-zzf7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    corpus.add("00-" + TRACE_ID + "-b7ad6b7169203331-1");
    corpus.add("00-" + TRACE_ID.substring(2) + "-b7ad6b7169203331-01");
    corpus.add("00_" + TRACE_ID + "_b7ad6b7169203331_01");
    corpus.add("0-" + TRACE_ID + "-b7ad6b7169203331-01");
    corpus.add("00-" + TRACE_ID + "-b7ad6b7169203331-01 ; DROP TABLE spans");
    corpus.add("00-" + TRACE_ID + "-b7ad6b7169203331-" + "\u00e9\u00e9");
    corpus.add("00-" + "f".repeat(5000) + "-b7ad6b7169203331-01");
    corpus.add("x".repeat(100_000));
    return corpus;
  }

  /**
   * Sends a raw HTTP/1.1 request (any header bytes a client can put on the wire); returns the
   * status.
   */
  static int rawGet(String path, List<String[]> headers) throws Exception {
    return rawGet(server, path, headers);
  }

  /** Sends a raw HTTP/1.1 request to the given server; returns the status. */
  static int rawGet(JaxrsServer server, String path, List<String[]> headers) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.baseUri().getPort())) {
      socket.setSoTimeout(30_000);
      StringBuilder request =
          new StringBuilder()
              .append("GET ")
              .append(server.baseUri().getPath())
              .append(path)
              .append(" HTTP/1.1\r\n")
              .append("Host: 127.0.0.1:")
              .append(server.baseUri().getPort())
              .append("\r\n")
              .append("Connection: close\r\n");
      for (String[] header : headers) {
        request.append(header[0]).append(": ").append(header[1]).append("\r\n");
      }
      request.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      return Integer.parseInt(response.substring(9, 12));
    }
  }

  private static SpanData lastServerSpan() {
    List<SpanData> servers =
        server
            .awaitSpans(s -> s.stream().anyMatch(span -> span.getKind() == SpanKind.SERVER))
            .stream()
            .filter(s -> s.getKind() == SpanKind.SERVER)
            .collect(Collectors.toList());
    return servers.get(servers.size() - 1);
  }

  @Test
  void malformedTraceparentStartsANewTraceAndTheRequestSucceeds() throws Exception {
    try (LogCaptures logs = LogCaptures.of("dev.tracery", "io.opentelemetry")) {
      for (String traceparent : malformedTraceparents()) {
        server.clearSpans();
        int status =
            rawGet("orders/1", List.<String[]>of(new String[] {"traceparent", traceparent}));

        assertThat(status).as("status for traceparent %.60s", traceparent).isEqualTo(200);
        SpanData span = lastServerSpan();
        assertThat(span).as("span for traceparent %.60s", traceparent).hasNoParent();
        assertThat(span.getSpanContext().isValid()).isTrue();
      }
      assertAtMostOneLinePerCause(logs);
    }
  }

  @Test
  void hostileTracestateAndBaggageAreIgnoredAndTheValidTraceparentStillCounts() throws Exception {
    List<String> tracestates =
        List.of(
            "=x",
            "a=,b",
            "k=" + "v".repeat(300),
            "bad key=v",
            String.join(",", java.util.Collections.nCopies(100, "k=v")),
            "z".repeat(20_000));
    List<String> baggages =
        List.of(
            "=%%%",
            "k=v;;;;;",
            "k=%E0%A4%A",
            "a",
            ";",
            "k=" + "v".repeat(20_000),
            String.join(",", java.util.Collections.nCopies(500, "k=v")));
    try (LogCaptures logs = LogCaptures.of("dev.tracery", "io.opentelemetry")) {
      for (String tracestate : tracestates) {
        server.clearSpans();
        int status =
            rawGet(
                "orders/1",
                List.of(
                    new String[] {"traceparent", VALID}, new String[] {"tracestate", tracestate}));
        assertThat(status).isEqualTo(200);
        assertThat(lastServerSpan()).hasTraceId(TRACE_ID);
      }
      for (String baggage : baggages) {
        server.clearSpans();
        int status =
            rawGet(
                "orders/context",
                List.of(new String[] {"traceparent", VALID}, new String[] {"baggage", baggage}));
        assertThat(status).as("status for baggage %.60s", baggage).isEqualTo(200);
        assertThat(lastServerSpan()).hasTraceId(TRACE_ID);
      }
      assertAtMostOneLinePerCause(logs);
    }
  }

  @Test
  void repeatedPropagationHeadersDoNotFailTheRequest() throws Exception {
    server.clearSpans();
    int status =
        rawGet(
            "orders/1",
            List.of(
                new String[] {"traceparent", VALID},
                new String[] {"traceparent", "00-" + "1".repeat(32) + "-" + "2".repeat(16) + "-01"},
                new String[] {"baggage", "a=1"},
                new String[] {"baggage", "b=2"}));

    assertThat(status).isEqualTo(200);
    assertThat(lastServerSpan().getSpanContext().isValid()).isTrue();
  }

  private static void assertAtMostOneLinePerCause(LogCaptures logs) {
    List<LogRecord> loud =
        logs.records().stream()
            .filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
            .collect(Collectors.toList());
    List<String> messages = loud.stream().map(LogRecord::getMessage).collect(Collectors.toList());
    assertThat(messages).doesNotHaveDuplicates();
    assertThat(messages)
        .allSatisfy(message -> assertThat(message).startsWith("Tracery: ").doesNotContain("\n"));
  }
}
