package dev.tracery.extension.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.tracery.extension.LogCaptures;
import dev.tracery.testing.HostileEndpoint;
import dev.tracery.testing.HostileEndpoint.Behaviour;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.ProxyOptions;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.LogRecord;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sender against a hostile endpoint, on a clock the test controls: retry waits never pass the
 * budget (and are not really slept), every attempt ends within its timeout, the breaker stays
 * consistent when an export throws, shutdown says whether anything was lost, and no secret is
 * logged.
 */
class ResilientHttpSenderTest {

  private final HostileEndpoint collector = HostileEndpoint.start();
  private final AtomicLong now = new AtomicLong();
  private final List<Long> sleeps = new CopyOnWriteArrayList<>();
  private final List<ResilientHttpSender> senders = new ArrayList<>();

  @AfterEach
  void stop() {
    senders.forEach(ResilientHttpSender::shutdown);
    collector.close();
  }

  private ExportSettings.Builder settings() {
    return ExportSettings.builder()
        .nanoTime(now::get)
        .sleeper(
            nanos -> {
              sleeps.add(nanos);
              now.addAndGet(nanos);
            });
  }

  private ResilientHttpSender sender(ExportPipeline pipeline, TestConfig config) {
    ResilientHttpSender sender = new ResilientHttpSender(config, pipeline, null);
    senders.add(sender);
    return sender;
  }

  private TestConfig config() {
    return new TestConfig(URI.create(collector.endpoint() + "/v1/traces"));
  }

  /**
   * Sends one batch of one span as the OTLP exporter would, and returns when the sender says it is
   * done.
   */
  private static CompletableFuture<HttpResponse> send(
      ResilientHttpSender sender, ExportPipeline pipeline) {
    CompletableFuture<HttpResponse> done = new CompletableFuture<>();
    pipeline.statistics().enqueue(Integer.MAX_VALUE); // the span ended
    pipeline.handOff(pipeline.statistics().batch(1));
    try {
      sender.send(new SpanWriter(), done::complete, done::completeExceptionally);
    } finally {
      pipeline.endHandOff();
    }
    return done;
  }

  @Test
  void retryAfterIsReadWithoutOverflowWhateverItSays() {
    long nowMillis = 1_700_000_000_000L;
    assertThat(ResilientHttpSender.retryAfter("3", nowMillis)).isEqualTo(3_000_000_000L);
    assertThat(ResilientHttpSender.retryAfter("99999999999", nowMillis)).isEqualTo(Long.MAX_VALUE);
    assertThat(ResilientHttpSender.retryAfter("9223372036854775808000", nowMillis))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(ResilientHttpSender.retryAfter("Fri, 31 Dec 9999 23:59:59 GMT", nowMillis))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(ResilientHttpSender.retryAfter("Tue, 14 Nov 2023 22:13:30 GMT", nowMillis))
        .isEqualTo(10_000_000_000L);
    assertThat(ResilientHttpSender.retryAfter("Thu, 01 Jan 1970 00:00:00 GMT", nowMillis)).isZero();
    assertThat(ResilientHttpSender.retryAfter("-5", nowMillis)).isEqualTo(-1);
    assertThat(ResilientHttpSender.retryAfter("+5", nowMillis)).isEqualTo(-1);
    assertThat(ResilientHttpSender.retryAfter("soon", nowMillis)).isEqualTo(-1);
    assertThat(ResilientHttpSender.retryAfter("", nowMillis)).isEqualTo(-1);
    assertThat(ResilientHttpSender.retryAfter(null, nowMillis)).isEqualTo(-1);
  }

  @Test
  void retryAfterWaitsStayWithinTheBatchBudgetAndAreNotSleptForReal() throws Exception {
    collector.always(Behaviour.retryAfter(503, "3"));
    ExportPipeline pipeline = new ExportPipeline(settings().maxAttempts(100).build());
    ResilientHttpSender sender = sender(pipeline, config());

    send(sender, pipeline).get();

    // 10 s budget: three waits of 3 s fit, a fourth would end after it.
    assertThat(sleeps).containsExactly(3_000_000_000L, 3_000_000_000L, 3_000_000_000L);
    assertThat(collector.requests()).hasSize(4);
    assertThat(pipeline.statistics().getSpansFailed()).isEqualTo(1);
    assertThat(pipeline.statistics().getSpansDropped()).isEqualTo(1);
    assertThat(pipeline.statistics().getSpansQueued()).isZero();
  }

  @Test
  void aRetryAfterBeyondTheBudgetEndsTheBatchAtOnceAndTheNextOneIsSent() throws Exception {
    collector.script(
        Behaviour.retryAfter(429, "99999999999"),
        Behaviour.retryAfter(503, "Fri, 31 Dec 9999 23:59:59 GMT"));
    ExportPipeline pipeline = new ExportPipeline(settings().build());
    ResilientHttpSender sender = sender(pipeline, config());

    send(sender, pipeline).get();
    send(sender, pipeline).get();
    send(sender, pipeline).get();

    assertThat(sleeps).isEmpty();
    assertThat(collector.spans()).hasSize(1);
    assertThat(pipeline.statistics().getSpansDropped()).isEqualTo(2);
    assertThat(pipeline.statistics().getSpansExported()).isEqualTo(1);
  }

  @Test
  void anAttemptWhoseBodyNeverComesEndsWithinItsTimeoutAndTheThreadIsFreeForTheNext()
      throws Exception {
    collector.script(Behaviour.stallBodyAfterHeaders(200));
    ExportPipeline pipeline = new ExportPipeline(settings().maxAttempts(1).build());
    TestConfig config = config();
    config.timeout = Duration.ofMillis(300);
    ResilientHttpSender sender = sender(pipeline, config);

    CompletableFuture<HttpResponse> stalled = send(sender, pipeline);
    await("the stalled attempt to end").atMost(Duration.ofSeconds(5)).until(stalled::isDone);
    assertThat(pipeline.statistics().getSpansFailed()).isEqualTo(1);

    send(sender, pipeline).get();
    assertThat(collector.spans()).hasSize(1);
    assertThat(pipeline.statistics().getSpansExported()).isEqualTo(1);
  }

  @Test
  void aProbeThatThrowsReopensTheBreakerWhichProbesAgainLater() throws Exception {
    AtomicBoolean broken = new AtomicBoolean();
    ExportPipeline pipeline = new ExportPipeline(settings().failureThreshold(1).build());
    TestConfig config = config();
    config.headers =
        () -> {
          if (broken.get()) {
            throw new LinkageError("the application's header supplier is gone");
          }
          return Map.of();
        };
    ResilientHttpSender sender = sender(pipeline, config);

    broken.set(true);
    send(sender, pipeline).get();
    assertThat(pipeline.statistics().getCircuitBreakerState()).isEqualTo("OPEN");

    now.addAndGet(Duration.ofSeconds(30).toNanos());
    send(sender, pipeline).get(); // the probe, which throws too
    assertThat(pipeline.statistics().getCircuitBreakerState())
        .as("a probe that throws is a failed probe")
        .isEqualTo("OPEN");
    send(sender, pipeline).get(); // refused at once: open for another 30 s
    assertThat(collector.requests()).isEmpty();

    broken.set(false);
    now.addAndGet(Duration.ofSeconds(30).toNanos());
    send(sender, pipeline).get();
    assertThat(pipeline.statistics().getCircuitBreakerState()).isEqualTo("CLOSED");
    send(sender, pipeline).get();
    assertThat(collector.spans()).hasSize(2);
    ExportStatistics statistics = pipeline.statistics();
    assertThat(statistics.getSpansExported() + statistics.getSpansDropped()).isEqualTo(5);
    assertThat(statistics.getSpansQueued()).isZero();
  }

  @Test
  void shutdownEndsWithinTheExportTimeoutAndSaysThatSpansWereLost() throws Exception {
    collector.always(Behaviour.stallBodyAfterHeaders(200));
    ExportPipeline pipeline = new ExportPipeline(ExportSettings.builder().build());
    pipeline.wrap(
        SimpleSpanProcessor.create(InMemorySpanExporter.create()), 10, Duration.ofSeconds(1));
    TestConfig config = config();
    config.timeout = Duration.ofSeconds(30);
    ResilientHttpSender sender = sender(pipeline, config);
    CompletableFuture<HttpResponse> stalled = send(sender, pipeline);
    await().atMost(Duration.ofSeconds(5)).until(() -> collector.requests().size() == 1);

    CompletableResultCode result = sender.shutdown();

    assertThat(result.isDone()).isTrue();
    assertThat(result.isSuccess()).as("a span was lost").isFalse();
    assertThat(stalled).isDone();
    String line = pipeline.close(true);
    assertThat(line)
        .contains("dropped 1 span(s) still queued at shutdown")
        .contains("otel.bsp.export.timeout (1000 ms)");
    assertThat(pipeline.statistics().getSpansDropped()).isEqualTo(1);
    assertThat(pipeline.statistics().getSpansQueued()).isZero();
  }

  @Test
  void shutdownSucceedsWhenNothingWasLost() throws Exception {
    ExportPipeline pipeline = new ExportPipeline(ExportSettings.builder().build());
    ResilientHttpSender sender = sender(pipeline, config());
    send(sender, pipeline).get();

    assertThat(sender.shutdown().isSuccess()).isTrue();
    assertThat(pipeline.close(true)).isNull();
  }

  @Test
  void logsShowTheEndpointWithoutUserinfoOrQueryAndNeverAHeaderValue() throws Exception {
    collector.always(Behaviour.notHttp());
    ExportPipeline pipeline =
        new ExportPipeline(settings().failureThreshold(1).maxAttempts(1).build());
    URI endpoint =
        URI.create(
            "http://robot:pa55-s3cret@127.0.0.1:"
                + collector.port()
                + "/v1/traces?api_key=k3y-s3cret");
    TestConfig config = new TestConfig(endpoint);
    AtomicBoolean broken = new AtomicBoolean();
    config.headers =
        () -> {
          if (broken.get()) {
            throw new IllegalStateException(
                "cannot use header value Bearer t0k3n-s3cret",
                new RuntimeException("api_key=k3y-s3cret for robot:pa55-s3cret"));
          }
          return Map.of("Authorization", List.of("Bearer t0k3n-s3cret"));
        };
    try (LogCaptures logs = LogCaptures.of("dev.tracery")) {
      java.util.logging.Logger root = java.util.logging.Logger.getLogger("dev.tracery");
      java.util.logging.Level previous = root.getLevel();
      root.setLevel(java.util.logging.Level.ALL);
      try {
        ResilientHttpSender sender = sender(pipeline, config);
        send(sender, pipeline).get(); // not HTTP: fails, the breaker opens and says so
        broken.set(true);
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        send(sender, pipeline).get(); // the probe throws with the secrets in its messages
        config.headers =
            () -> {
              throw new Error(
                  "header Authorization: Bearer t0k3n-s3cret",
                  new RuntimeException("api_key=k3y-s3cret for robot:pa55-s3cret"));
            };
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        send(sender, pipeline).get();
        sender.shutdown();
        String line = pipeline.close(true);

        List<String> texts = new ArrayList<>();
        texts.add(line);
        for (LogRecord record : logs.records()) {
          texts.add(record.getMessage());
          for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            texts.add(t.toString());
            texts.add(String.valueOf(t.getMessage()));
          }
        }
        assertThat(logs.records())
            .as("the breaker's line, and the unexpected failure with its causes")
            .anyMatch(r -> r.getMessage().contains("circuit breaker open"))
            .anyMatch(r -> r.getThrown() != null && r.getThrown().getCause() != null);
        assertThat(String.join("\n", texts))
            .contains("http://127.0.0.1:" + collector.port() + "/v1/traces")
            .doesNotContain("s3cret")
            .doesNotContain("robot")
            .doesNotContain("api_key");
      } finally {
        root.setLevel(previous);
      }
    }
  }

  /** A real OTLP request of one span, as OpenTelemetry's exporter would write it. */
  static final class SpanWriter implements MessageWriter {
    private final byte[] bytes;

    SpanWriter() {
      byte[] traceId = new byte[16];
      byte[] spanId = new byte[8];
      ThreadLocalRandom.current().nextBytes(traceId);
      ThreadLocalRandom.current().nextBytes(spanId);
      bytes =
          ExportTraceServiceRequest.newBuilder()
              .addResourceSpans(
                  ResourceSpans.newBuilder()
                      .addScopeSpans(
                          ScopeSpans.newBuilder()
                              .addSpans(
                                  Span.newBuilder()
                                      .setTraceId(ByteString.copyFrom(traceId))
                                      .setSpanId(ByteString.copyFrom(spanId))
                                      .setName("work"))))
              .build()
              .toByteArray();
    }

    @Override
    public void writeMessage(OutputStream output) throws java.io.IOException {
      output.write(bytes);
    }

    @Override
    public int getContentLength() {
      return bytes.length;
    }
  }

  /** What OpenTelemetry's OTLP exporter would hand the sender. */
  static final class TestConfig implements HttpSenderConfig {
    final URI endpoint;
    volatile Duration timeout = Duration.ofSeconds(10);
    volatile Supplier<Map<String, List<String>>> headers = Map::of;

    TestConfig(URI endpoint) {
      this.endpoint = endpoint;
    }

    @Override
    public URI getEndpoint() {
      return endpoint;
    }

    @Override
    public String getContentType() {
      return "application/x-protobuf";
    }

    @Override
    public Compressor getCompressor() {
      return null;
    }

    @Override
    public Duration getTimeout() {
      return timeout;
    }

    @Override
    public Duration getConnectTimeout() {
      return Duration.ofSeconds(5);
    }

    @Override
    public Supplier<Map<String, List<String>>> getHeadersSupplier() {
      return () -> headers.get();
    }

    @Override
    public ProxyOptions getProxyOptions() {
      return null;
    }

    @Override
    public RetryPolicy getRetryPolicy() {
      return null;
    }

    @Override
    public SSLContext getSslContext() {
      return null;
    }

    @Override
    public X509TrustManager getTrustManager() {
      return null;
    }

    @Override
    public ExecutorService getExecutorService() {
      return null;
    }
  }
}
