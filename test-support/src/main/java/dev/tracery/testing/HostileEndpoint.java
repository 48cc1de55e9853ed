package dev.tracery.testing;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP endpoint that misbehaves the way a broken collector or proxy does, on a raw socket
 * so that it can break HTTP itself: headers then a body that never comes, a body that never ends, a
 * reset in the middle of the request, bytes that are not HTTP, a huge body, {@code Retry-After} of
 * any shape. Each request gets the next scripted {@link Behaviour}, then the default one; {@link
 * Behaviour#ok()}, the default, answers like a real collector: it decodes the spans with
 * OpenTelemetry's protobuf classes and keeps them, so a test can show recovery on the same
 * endpoint.
 *
 * <p>Listens on 127.0.0.1 on a free port until closed; {@link #close()} ends every connection it
 * holds.
 */
public final class HostileEndpoint implements AutoCloseable {

  /** How the endpoint answers one request. */
  public static final class Behaviour {
    final Kind kind;
    final int status;
    final String retryAfter;
    final long bytes;

    private Behaviour(Kind kind, int status, String retryAfter, long bytes) {
      this.kind = kind;
      this.status = status;
      this.retryAfter = retryAfter;
      this.bytes = bytes;
    }

    /** A collector that works: decodes and keeps the spans, answers 200 with an OTLP response. */
    public static Behaviour ok() {
      return new Behaviour(Kind.OK, 200, null, 0);
    }

    /**
     * Answers {@code status} with a {@code Retry-After} header of exactly this text; keeps no span.
     */
    public static Behaviour retryAfter(int status, String value) {
      return new Behaviour(Kind.STATUS, status, value, 0);
    }

    /**
     * Answers the headers of a {@code status} response announcing a body, then never sends the
     * body.
     */
    public static Behaviour stallBodyAfterHeaders(int status) {
      return new Behaviour(Kind.STALL_BODY, status, null, 0);
    }

    /**
     * Answers {@code status} with a chunked body that never ends (a chunk every few milliseconds).
     */
    public static Behaviour endlessBody(int status) {
      return new Behaviour(Kind.ENDLESS_BODY, status, null, 0);
    }

    /** Reads part of the request, then resets the connection (TCP RST). */
    public static Behaviour resetMidRequest() {
      return new Behaviour(Kind.RESET, 0, null, 0);
    }

    /** Reads the request and answers bytes that are not HTTP, then closes. */
    public static Behaviour notHttp() {
      return new Behaviour(Kind.NOT_HTTP, 0, null, 0);
    }

    /**
     * Decodes and keeps the spans like {@link #ok()} when {@code status} is 2xx, and answers {@code
     * status} with a body of {@code bytes} bytes, streamed as fast as the peer reads it.
     */
    public static Behaviour hugeBody(int status, long bytes) {
      return new Behaviour(Kind.HUGE_BODY, status, null, bytes);
    }

    @Override
    public String toString() {
      return kind
          + (status == 0 ? "" : " " + status)
          + (retryAfter == null ? "" : " Retry-After: " + retryAfter)
          + (bytes == 0 ? "" : " " + bytes + " bytes");
    }
  }

  enum Kind {
    OK,
    STATUS,
    STALL_BODY,
    ENDLESS_BODY,
    RESET,
    NOT_HTTP,
    HUGE_BODY
  }

  /** One request as the endpoint saw it: when, how it answered, and how many spans it held. */
  public record Request(long receivedNanos, String behaviour, int spanCount) {}

  private final ServerSocket server;
  private final Thread acceptor;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<Behaviour> script = new ConcurrentLinkedQueue<>();
  private volatile Behaviour defaultBehaviour = Behaviour.ok();
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicLong bodyBytesWritten = new AtomicLong();
  private volatile boolean closed;

  private HostileEndpoint(ServerSocket server) {
    this.server = server;
    this.acceptor = new Thread(this::acceptLoop, "hostile-endpoint-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static HostileEndpoint start() {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
      return new HostileEndpoint(socket);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the hostile endpoint", e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The base endpoint, for {@code otel.exporter.otlp.endpoint}: {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** The next requests get these behaviours, in order; then {@link #always}'s. */
  public HostileEndpoint script(Behaviour... behaviours) {
    script.addAll(List.of(behaviours));
    return this;
  }

  /**
   * Every request not scripted gets this behaviour ({@link Behaviour#ok()} until told otherwise).
   */
  public HostileEndpoint always(Behaviour behaviour) {
    this.defaultBehaviour = behaviour;
    return this;
  }

  /**
   * Ends every connection the endpoint holds open (stalled or streaming), as a proxy restart would.
   */
  public void dropConnections() {
    for (Socket socket : connections) {
      closeQuietly(socket);
    }
  }

  public List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /**
   * Bytes of response bodies the endpoint managed to write, over all {@link Behaviour#hugeBody}
   * answers.
   */
  public long bodyBytesWritten() {
    return bodyBytesWritten.get();
  }

  /** Waits, polling every 50 ms, until the spans kept so far satisfy {@code condition}. */
  public List<ReceivedSpan> await(
      Duration timeout, Predicate<List<ReceivedSpan>> condition, String description) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ReceivedSpan> now = spans();
      if (condition.test(now)) {
        return now;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "Timed out after "
                + timeout
                + " waiting for "
                + description
                + "; received "
                + now.size()
                + " spans in "
                + requests().size()
                + " requests: "
                + requests().stream().map(Request::behaviour).collect(Collectors.joining(", ")));
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        connections.add(socket);
        Thread handler = new Thread(() -> serve(socket), "hostile-endpoint-connection");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (!closed) {
        Head head = readHead(in);
        if (head == null) {
          return;
        }
        Behaviour behaviour = script.poll();
        if (behaviour == null) {
          behaviour = defaultBehaviour;
        }
        if (behaviour.kind == Kind.RESET) {
          // Half the body at most, then RST: SO_LINGER 0 makes close() reset the connection.
          in.readNBytes(Math.max(0, Math.min(head.contentLength / 2, 1024)));
          requests.add(new Request(System.nanoTime(), behaviour.toString(), 0));
          socket.setSoLinger(true, 0);
          return;
        }
        byte[] body = readBody(in, head);
        if (body == null) {
          return;
        }
        if (!answer(behaviour, head, body, out)) {
          return;
        }
      }
    } catch (IOException e) {
      // the peer went away: nothing to do
    } finally {
      connections.remove(socket);
    }
  }

  /** Answers one request; false when the connection is finished with. */
  private boolean answer(Behaviour behaviour, Head head, byte[] body, OutputStream out)
      throws IOException {
    switch (behaviour.kind) {
      case OK:
        {
          List<ReceivedSpan> received = decode(head, body);
          if (received == null) {
            requests.add(new Request(System.nanoTime(), "undecodable request", 0));
            write(out, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            return true;
          }
          requests.add(new Request(System.nanoTime(), behaviour.toString(), received.size()));
          spans.addAll(received);
          byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
          write(
              out,
              "HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: "
                  + response.length
                  + "\r\n\r\n");
          out.write(response);
          out.flush();
          return true;
        }
      case STATUS:
        requests.add(new Request(System.nanoTime(), behaviour.toString(), count(head, body)));
        write(
            out,
            "HTTP/1.1 "
                + behaviour.status
                + " Refused\r\nRetry-After: "
                + behaviour.retryAfter
                + "\r\nContent-Length: 0\r\n\r\n");
        return true;
      case STALL_BODY:
        requests.add(new Request(System.nanoTime(), behaviour.toString(), count(head, body)));
        write(
            out,
            "HTTP/1.1 "
                + behaviour.status
                + " OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 1000\r\n\r\n");
        holdUntilClosed();
        return false;
      case ENDLESS_BODY:
        {
          requests.add(new Request(System.nanoTime(), behaviour.toString(), count(head, body)));
          write(
              out,
              "HTTP/1.1 "
                  + behaviour.status
                  + " OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n");
          byte[] chunk =
              ("10\r\n" + "tracery-endless!" + "\r\n").getBytes(StandardCharsets.US_ASCII);
          while (!closed) {
            out.write(chunk);
            out.flush();
            pause(5);
          }
          return false;
        }
      case NOT_HTTP:
        requests.add(new Request(System.nanoTime(), behaviour.toString(), count(head, body)));
        write(out, "SSH-2.0-OpenSSH_9.6\r\n\u0000\u0001\u0002 this is not HTTP at all \r\n\r\n");
        return false;
      case HUGE_BODY:
        {
          List<ReceivedSpan> received = behaviour.status / 100 == 2 ? decode(head, body) : null;
          requests.add(
              new Request(
                  System.nanoTime(),
                  behaviour.toString(),
                  received == null ? count(head, body) : received.size()));
          if (received != null) {
            spans.addAll(received);
          }
          write(
              out,
              "HTTP/1.1 "
                  + behaviour.status
                  + " Big\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                  + behaviour.bytes
                  + "\r\n\r\n");
          byte[] block = new byte[64 * 1024];
          java.util.Arrays.fill(block, (byte) 'x');
          long left = behaviour.bytes;
          while (left > 0 && !closed) {
            int n = (int) Math.min(block.length, left);
            out.write(block, 0, n);
            bodyBytesWritten.addAndGet(n);
            left -= n;
          }
          out.flush();
          return true;
        }
      default:
        return false;
    }
  }

  private void holdUntilClosed() {
    while (!closed) {
      pause(20);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static int count(Head head, byte[] body) {
    List<ReceivedSpan> received = decode(head, body);
    return received == null ? 0 : received.size();
  }

  private static List<ReceivedSpan> decode(Head head, byte[] body) {
    try {
      InputStream in = new ByteArrayInputStream(body);
      if ("gzip".equalsIgnoreCase(head.contentEncoding)) {
        in = new GZIPInputStream(in);
      }
      return OtlpReceiver.decode(ExportTraceServiceRequest.parseFrom(in.readAllBytes()));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The request line and the headers the endpoint needs. */
  private static final class Head {
    int contentLength = -1;
    boolean chunked;
    String contentEncoding;
  }

  /** Reads the request line and headers; null when the peer closed the connection first. */
  private static Head readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
        line.reset();
        if (text.isEmpty()) {
          if (lines.isEmpty()) {
            continue;
          }
          break;
        }
        lines.add(text);
      } else {
        line.write(b);
      }
    }
    Head head = new Head();
    for (String header : lines.subList(1, lines.size())) {
      int colon = header.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim();
      if (name.equals("content-length")) {
        head.contentLength = Integer.parseInt(value);
      } else if (name.equals("transfer-encoding")
          && value.toLowerCase(Locale.ROOT).contains("chunked")) {
        head.chunked = true;
      } else if (name.equals("content-encoding")) {
        head.contentEncoding = value;
      }
    }
    return head;
  }

  private static byte[] readBody(InputStream in, Head head) throws IOException {
    if (head.chunked) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String size = readLine(in);
        if (size == null) {
          return null;
        }
        int length = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (length == 0) {
          readLine(in);
          return body.toByteArray();
        }
        body.write(in.readNBytes(length));
        readLine(in);
      }
    }
    byte[] body = in.readNBytes(Math.max(head.contentLength, 0));
    return body.length == Math.max(head.contentLength, 0) ? body : null;
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      if (b == '\n') {
        return line.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
      }
      line.write(b);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    dropConnections();
    try {
      acceptor.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
