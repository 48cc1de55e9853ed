package dev.tracery.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tracery.Traced;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import jakarta.enterprise.context.Dependent;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code otel.traces.exporter=zipkin} against a real Zipkin server (io.zipkin:zipkin-server, from
 * Maven Central), reading the trace back through Zipkin's HTTP API.
 */
class ZipkinExportTest {

  @Dependent
  public static class Payments {
    @Traced
    public String charge(@SpanAttribute("payment.amount") long cents) {
      return Span.current().getSpanContext().getTraceId();
    }
  }

  static Process zipkin;
  static int port;
  static Path log;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startZipkin() throws Exception {
    File jar = new File(System.getProperty("zipkin.server.jar", "target/zipkin/zipkin-server.jar"));
    assertThat(jar).as("the build copies zipkin-server here").exists();
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    log = Files.createTempFile("zipkin", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                System.getProperty("java.home") + "/bin/java",
                "-Xmx256m",
                "-jar",
                jar.getAbsolutePath())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("QUERY_PORT", String.valueOf(port));
    builder.environment().put("STORAGE_TYPE", "mem");
    zipkin = builder.start();
    try {
      await("Zipkin to start")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> healthy() || !zipkin.isAlive());
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // reported below, with the log
    }
    if (!healthy()) {
      throw new AssertionError("Zipkin did not start; its log:\n" + Files.readString(log));
    }
  }

  private static boolean healthy() {
    try {
      return zipkin.isAlive() && get("/health").statusCode() == 200;
    } catch (IOException notYet) {
      return false; // starting
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @AfterAll
  static void stopZipkin() throws Exception {
    if (zipkin != null) {
      zipkin.destroy();
      if (!zipkin.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        zipkin.destroyForcibly().waitFor();
      }
    }
    if (log != null) {
      Files.deleteIfExists(log);
    }
  }

  static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void spansArriveInZipkinAndCanBeReadBack() throws Exception {
    String traceId;
    try (TestApp app =
        TestApp.builder()
            .config("tracery.enabled", "true")
            .config("otel.service.name", "payments")
            .config("otel.traces.exporter", "zipkin")
            .config("otel.exporter.zipkin.endpoint", "http://127.0.0.1:" + port + "/api/v2/spans")
            .config("otel.bsp.schedule.delay", "50ms")
            .beans(Payments.class)
            .start()) {
      traceId = app.bean(Payments.class).charge(1250);
    }

    // Sent when the application stopped; Zipkin stores it asynchronously.
    HttpResponse<String> response =
        await("trace " + traceId + " in Zipkin")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> get("/api/v2/trace/" + traceId), found -> found.statusCode() == 200);
    String trace = response.body();
    assertThat(trace)
        .contains("\"traceId\":\"" + traceId + "\"")
        .contains("\"serviceName\":\"payments\"")
        // Zipkin stores span names in lower case.
        .contains("\"name\":\"payments.charge\"")
        .contains("\"payment.amount\":\"1250\"");
  }
}
