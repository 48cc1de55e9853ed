import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * A local OTLP/HTTP endpoint for load tests: accepts every export request, reads and discards its body,
 * answers 200. Run with {@code java scripts/OtlpSink.java PORT}; prints the number of requests on exit.
 */
public class OtlpSink {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    LongAdder requests = new LongAdder();
    LongAdder bytes = new LongAdder();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/", exchange -> {
      try (exchange; InputStream body = exchange.getRequestBody()) {
        bytes.add(body.readAllBytes().length);
        requests.increment();
        exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, -1);
      }
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() ->
        System.out.println("OtlpSink: " + requests.sum() + " export requests, " + bytes.sum() + " bytes")));
    server.start();
    System.out.println("OtlpSink listening on 127.0.0.1:" + port);
  }
}
