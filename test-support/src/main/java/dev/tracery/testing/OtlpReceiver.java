package dev.tracery.testing;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP trace endpoint for tests: accepts {@code POST /v1/traces} with a protobuf {@code
 * ExportTraceServiceRequest} (gzip or not), decodes it with OpenTelemetry's own protobuf classes
 * and keeps the spans. Listens on 127.0.0.1 on a free port until closed.
 */
public final class OtlpReceiver implements AutoCloseable {

  private volatile HttpServer server;
  private final ExecutorService executor;
  private final int fixedPort;
  private final java.util.concurrent.ConcurrentLinkedQueue<Reply> script =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private volatile Reply defaultReply = Reply.ok();

  /**
   * How the endpoint answers one request: a status, an optional Retry-After value, and how long it
   * waits before answering (a slow or hanging collector).
   */
  public record Reply(int status, String retryAfter, long delayMillis) {
    public static Reply ok() {
      return new Reply(200, null, 0);
    }

    public static Reply status(int status) {
      return new Reply(status, null, 0);
    }

    public static Reply retryAfter(int status, String retryAfter) {
      return new Reply(status, retryAfter, 0);
    }

    /** Accepts the connection and does not answer for {@code millis}. */
    public static Reply hang(long millis) {
      return new Reply(200, null, millis);
    }
  }

  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final List<RequestRecord> requests = new CopyOnWriteArrayList<>();

  /** What the endpoint saw of one request: when, with which headers, and how it answered. */
  public record RequestRecord(
      long receivedNanos, Map<String, List<String>> headers, int status, int spanCount) {}

  private OtlpReceiver(ExecutorService executor, int port) throws IOException {
    this.executor = executor;
    this.server = bind(port);
    this.fixedPort = server.getAddress().getPort();
  }

  private HttpServer bind(int port) throws IOException {
    HttpServer bound =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    bound.setExecutor(executor);
    bound.createContext("/v1/traces", this::handle);
    bound.start();
    return bound;
  }

  public static OtlpReceiver start() {
    return start(0);
  }

  /** Listens on a given port (0: any free one), for a sender configured before the test runs. */
  public static OtlpReceiver start(int port) {
    try {
      ExecutorService executor =
          Executors.newCachedThreadPool(
              runnable -> {
                Thread thread = new Thread(runnable, "otlp-receiver");
                thread.setDaemon(true);
                return thread;
              });
      return new OtlpReceiver(executor, port);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the OTLP receiver", e);
    }
  }

  public int port() {
    return fixedPort;
  }

  /** The next requests get these replies, in order; then {@link #alwaysReply}'s. */
  public OtlpReceiver script(Reply... replies) {
    script.addAll(List.of(replies));
    return this;
  }

  /** Every request not scripted gets this reply (200 until told otherwise). */
  public OtlpReceiver alwaysReply(Reply reply) {
    this.defaultReply = reply;
    return this;
  }

  /** The collector goes down: the port refuses connections until {@link #up()}. */
  public void down() {
    HttpServer current = server;
    if (current != null) {
      current.stop(0);
      server = null;
    }
  }

  /** The collector comes back on the same port. */
  public void up() {
    if (server == null) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (true) {
        try {
          server = bind(fixedPort);
          return;
        } catch (IOException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("cannot bind port " + fixedPort + " again", e);
          }
          try {
            Thread.sleep(50);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
          }
        }
      }
    }
  }

  /** The base endpoint, for {@code otel.exporter.otlp.endpoint}: {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  public List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  public List<RequestRecord> requests() {
    return List.copyOf(requests);
  }

  public List<ReceivedSpan> spans(Predicate<ReceivedSpan> filter) {
    return spans.stream().filter(filter).collect(Collectors.toList());
  }

  public void clear() {
    spans.clear();
    requests.clear();
  }

  /**
   * Waits until the spans received so far satisfy {@code condition}, polling every 100 ms; fails
   * with what was received when {@code timeout} passes.
   */
  public List<ReceivedSpan> await(
      Duration timeout, Predicate<List<ReceivedSpan>> condition, String description) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ReceivedSpan> now = spans();
      if (condition.test(now)) {
        return now;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Timed out after "
                + timeout
                + " waiting for "
                + description
                + "; received "
                + now.size()
                + " spans: "
                + now.stream()
                    .map(s -> s.name() + "[" + s.resourceAttribute("service.name") + "]")
                    .collect(Collectors.joining(", ")));
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, new byte[0], 0);
        return;
      }
      byte[] body;
      try (InputStream in = body(exchange)) {
        body = in.readAllBytes();
      }
      ExportTraceServiceRequest request;
      try {
        request = ExportTraceServiceRequest.parseFrom(body);
      } catch (IOException e) {
        respond(exchange, 400, new byte[0], 0);
        return;
      }
      Reply reply = script.poll();
      if (reply == null) {
        reply = defaultReply;
      }
      if (reply.delayMillis() > 0) {
        try {
          Thread.sleep(reply.delayMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      List<ReceivedSpan> received = decode(request);
      if (reply.status() >= 200 && reply.status() < 300) {
        // The request is recorded before its spans become visible, so a test that saw the spans
        // also sees it.
        record(exchange, reply.status(), received.size());
        spans.addAll(received);
        send(
            exchange,
            reply.status(),
            ExportTraceServiceResponse.getDefaultInstance().toByteArray());
      } else {
        if (reply.retryAfter() != null) {
          exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
        }
        respond(exchange, reply.status(), new byte[0], received.size());
      }
    }
  }

  private void respond(HttpExchange exchange, int status, byte[] body, int spanCount)
      throws IOException {
    record(exchange, status, spanCount);
    send(exchange, status, body);
  }

  private void record(HttpExchange exchange, int status, int spanCount) {
    requests.add(
        new RequestRecord(
            System.nanoTime(), Map.copyOf(exchange.getRequestHeaders()), status, spanCount));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static InputStream body(HttpExchange exchange) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    InputStream in = exchange.getRequestBody();
    return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(in) : in;
  }

  static List<ReceivedSpan> decode(ExportTraceServiceRequest request) {
    List<ReceivedSpan> result = new ArrayList<>();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      Map<String, Object> resource = attributes(resourceSpans.getResource().getAttributesList());
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        String scope = scopeSpans.getScope().getName();
        for (Span span : scopeSpans.getSpansList()) {
          result.add(
              new ReceivedSpan(
                  hex(span.getTraceId()),
                  hex(span.getSpanId()),
                  hex(span.getParentSpanId()),
                  span.getName(),
                  span.getKind().name().replace("SPAN_KIND_", ""),
                  attributes(span.getAttributesList()),
                  resource,
                  scope,
                  span.getStatus().getCode().name().replace("STATUS_CODE_", ""),
                  span.getEventsList().stream()
                      .map(Span.Event::getName)
                      .collect(Collectors.toList()),
                  span.getStartTimeUnixNano(),
                  span.getEndTimeUnixNano()));
        }
      }
    }
    return result;
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  private static Map<String, Object> attributes(List<KeyValue> keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue keyValue : keyValues) {
      map.put(keyValue.getKey(), value(keyValue.getValue()));
    }
    return map;
  }

  private static Object value(AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        return value.getStringValue();
      case INT_VALUE:
        return value.getIntValue();
      case DOUBLE_VALUE:
        return value.getDoubleValue();
      case BOOL_VALUE:
        return value.getBoolValue();
      case ARRAY_VALUE:
        return value.getArrayValue().getValuesList().stream()
            .map(OtlpReceiver::value)
            .collect(Collectors.toList());
      default:
        return value.toString();
    }
  }

  @Override
  public void close() {
    down();
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
