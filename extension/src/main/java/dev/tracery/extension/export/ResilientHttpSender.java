package dev.tracery.extension.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends OTLP/HTTP export requests with the JDK's HttpClient (no second HTTP stack in the WAR), and stands
 * between the application and a collector that is slow, down or refusing:
 *
 * <ul>
 *   <li><b>Retry</b> of what can succeed later (connection failures, timeouts, 429, 502, 503, 504) on the
 *       configured schedule, honouring {@code Retry-After}, within a time budget per batch.
 *   <li><b>Circuit breaker</b>: after repeated failed exports, exports are refused at once without
 *       touching the network, and probed again later. Its state changes are the only log lines.
 *   <li><b>Disk buffer</b> (when configured): what cannot be delivered is kept on disk and sent, oldest
 *       first, once the collector answers again, also after a restart.
 * </ul>
 *
 * <p>Everything happens on one daemon thread of its own; the caller (the SDK's batch processor thread)
 * only serializes the request. The outcome is recorded in {@link ExportStatistics}. OpenTelemetry's OTLP
 * exporter logs a line for every failed export it is told about, which under an outage is a flood; so a
 * batch that was buffered, dropped or refused is reported to it as accepted, and the truth is in the
 * statistics and in the breaker's log lines.
 */
final class ResilientHttpSender implements HttpSender {

  private static final Logger LOG = Logger.getLogger(ResilientHttpSender.class.getName());

  private static final Set<Integer> RETRYABLE_STATUS = Set.of(429, 502, 503, 504);

  private static final HttpResponse ACCEPTED = new HttpResponse() {
    @Override
    public int getStatusCode() {
      return 200;
    }

    @Override
    public String getStatusMessage() {
      return "OK";
    }

    @Override
    public byte[] getResponseBody() {
      return new byte[0];
    }
  };

  private final HttpSenderConfig config;
  private final ExportSettings settings;
  private final ExportStatistics statistics;
  private final CircuitBreaker breaker;
  /** The disk buffer, or null without one. */
  private final BufferedExport buffer;
  /** Dropped at shutdown, so that a deployment a server keeps a while longer does not keep the client's thread. */
  private volatile HttpClient client;
  private final ExecutorService executor;
  private final ExecutorService httpExecutor;

  /** {@code bufferOwner}: whose disk buffer this sender keeps; null for none. */
  ResilientHttpSender(
      HttpSenderConfig config, ExportSettings settings, ExportStatistics statistics, BufferOwner bufferOwner) {
    this.config = config;
    this.settings = settings;
    this.statistics = statistics;
    this.breaker = new CircuitBreaker(String.valueOf(config.getEndpoint()), settings, statistics);
    HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
    if (config.getConnectTimeout() != null) {
      builder.connectTimeout(config.getConnectTimeout());
    }
    if (config.getProxyOptions() != null) {
      builder.proxy(config.getProxyOptions().getProxySelector());
    }
    if (config.getSslContext() != null) {
      builder.sslContext(config.getSslContext());
    }
    this.httpExecutor = Executors.newCachedThreadPool(detachedThreads("tracery-exporter-http"));
    builder.executor(httpExecutor);
    this.client = buildDetached(builder);
    this.executor =
        new ThreadPoolExecutor(
            1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), detachedThreads("tracery-exporter"));
    this.buffer =
        bufferOwner == null
            ? null
            : new BufferedExport(bufferOwner, settings, statistics, breaker, executor, this::sendBuffered);
    if (buffer != null) {
      // Batches left by an earlier run of the application are delivered as soon as the collector answers.
      buffer.start();
    }
  }

  /**
   * Daemon threads that do not hold on to the application: no context class loader (a thread started by
   * the application would inherit the deployment's), so an undeployed application is not kept in memory
   * by a thread that lives on a little.
   */
  static ThreadFactory detachedThreads(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      thread.setContextClassLoader(null);
      return thread;
    };
  }

  /**
   * Builds the HttpClient with no context class loader: its selector thread copies the creating thread's,
   * and on Java 17 that thread ends only when a GC collects the client, so it would hold the undeployed
   * application until then. (It also copies the access control context, which still reaches the
   * deployment for that short while; the deployment is freed at the next GCs.)
   */
  private static HttpClient buildDetached(HttpClient.Builder builder) {
    Thread current = Thread.currentThread();
    ClassLoader previous = current.getContextClassLoader();
    current.setContextClassLoader(null);
    try {
      return builder.build();
    } finally {
      current.setContextClassLoader(previous);
    }
  }

  @Override
  public void send(MessageWriter writer, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
    int[] batch = CountingSpanExporter.BATCH.get();
    int spans = batch == null ? 0 : batch[0];
    if (batch != null) {
      batch[1] = 1; // this sender counts the outcome
    }
    if (buffer == null && breaker.refusing()) {
      // The collector is down and there is no disk buffer: the batch would be dropped after encoding it,
      // so drop it now and spare the CPU of the application the collector's outage already costs.
      statistics.dropped(spans);
      onResponse.accept(ACCEPTED);
      return;
    }
    byte[] body;
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(writer.getContentLength(), 32));
      writer.writeMessage(out);
      body = out.toByteArray();
    } catch (IOException | RuntimeException e) {
      statistics.failed(spans);
      statistics.dropped(spans);
      onResponse.accept(ACCEPTED);
      return;
    }
    try {
      executor.execute(() -> deliver(body, spans, onResponse));
    } catch (RuntimeException rejected) {
      // Shut down: nothing can be sent any more.
      keep(body, spans, true);
      onResponse.accept(ACCEPTED);
    }
  }

  private void deliver(byte[] body, int spans, Consumer<HttpResponse> onResponse) {
    try {
      CircuitBreaker.Permit permit = breaker.tryAcquire();
      if (permit == CircuitBreaker.Permit.REFUSE) {
        keep(body, spans, true);
        return;
      }
      Outcome outcome = post(body, permit == CircuitBreaker.Permit.PROBE ? 1 : settings.maxAttempts);
      if (outcome.delivered) {
        breaker.onSuccess();
        statistics.exported(spans);
        if (buffer != null) {
          buffer.collectorAnswered();
        }
      } else {
        breaker.onFailure(outcome.reason);
        statistics.failed(spans);
        keep(body, spans, outcome.retryable);
      }
    } catch (RuntimeException | Error e) {
      statistics.failed(spans);
      statistics.dropped(spans);
      if (LOG.isLoggable(Level.FINE)) {
        LOG.log(Level.FINE, "Tracery: an export failed unexpectedly", e);
      }
    } finally {
      onResponse.accept(ACCEPTED);
    }
  }

  /** Buffers a batch that may succeed later, else counts it dropped. */
  private void keep(byte[] body, int spans, boolean mayLaterSucceed) {
    if (buffer != null && mayLaterSucceed) {
      buffer.store(body, spans);
    } else {
      statistics.dropped(spans);
    }
  }

  /** One attempt at a buffered batch, for {@link BufferedExport}, which settles the breaker itself. */
  private BufferedExport.Answer sendBuffered(byte[] body, String[] reason) {
    Outcome outcome = post(body, 1);
    reason[0] = outcome.reason;
    return outcome.delivered
        ? BufferedExport.Answer.DELIVERED
        : outcome.retryable ? BufferedExport.Answer.RETRY_LATER : BufferedExport.Answer.REJECTED;
  }

  /** The result of sending one request, with its retries. */
  private static final class Outcome {
    final boolean delivered;
    final boolean retryable;
    final String reason;

    Outcome(boolean delivered, boolean retryable, String reason) {
      this.delivered = delivered;
      this.retryable = retryable;
      this.reason = reason;
    }
  }

  private Outcome post(byte[] body, int attempts) {
    long start = settings.nanoTime.getAsLong();
    long budget = settings.maxElapsed.toNanos();
    byte[] payload;
    String encoding = null;
    try {
      Compressor compressor = config.getCompressor();
      if (compressor != null) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(body.length / 2 + 16);
        try (OutputStream out = compressor.compress(compressed)) {
          out.write(body);
        }
        payload = compressed.toByteArray();
        encoding = compressor.getEncoding();
      } else {
        payload = body;
      }
    } catch (IOException e) {
      return new Outcome(false, false, "compression failed: " + e);
    }
    String reason = "no attempt";
    for (int attempt = 1; ; attempt++) {
      long elapsed = settings.nanoTime.getAsLong() - start;
      long retryAfterNanos = -1;
      try {
        HttpClient http = client;
        if (http == null) {
          return new Outcome(false, true, "shut down");
        }
        java.net.http.HttpResponse<byte[]> response =
            http.send(request(payload, encoding, budget - elapsed), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return new Outcome(true, false, null);
        }
        reason = "HTTP " + status;
        if (!RETRYABLE_STATUS.contains(status)) {
          return new Outcome(false, false, reason);
        }
        retryAfterNanos = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
      } catch (HttpTimeoutException e) {
        reason = "timed out";
      } catch (ConnectException e) {
        reason = "connection refused or unreachable";
      } catch (IOException e) {
        reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome(false, true, "interrupted");
      } catch (IllegalArgumentException e) {
        return new Outcome(false, false, e.getMessage());
      }
      if (attempt >= attempts) {
        return new Outcome(false, true, reason + " after " + attempt + " attempt(s)");
      }
      long delay = retryAfterNanos >= 0 ? retryAfterNanos : settings.backoffNanos(attempt);
      elapsed = settings.nanoTime.getAsLong() - start;
      if (elapsed + delay >= budget) {
        return new Outcome(false, true, reason + " after " + attempt + " attempt(s), retry budget of "
            + settings.maxElapsed.toMillis() + " ms spent");
      }
      statistics.retried();
      try {
        TimeUnit.NANOSECONDS.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome(false, true, "interrupted");
      }
    }
  }

  private HttpRequest request(byte[] payload, String encoding, long remainingNanos) {
    Duration timeout = config.getTimeout();
    Duration remaining = Duration.ofNanos(Math.max(remainingNanos, 1_000_000L));
    if (timeout == null || timeout.isZero() || timeout.compareTo(remaining) > 0) {
      timeout = remaining;
    }
    URI endpoint = config.getEndpoint();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", config.getContentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
    if (encoding != null) {
      request.header("Content-Encoding", encoding);
    }
    if (config.getHeadersSupplier() != null) {
      Map<String, List<String>> headers = config.getHeadersSupplier().get();
      if (headers != null) {
        headers.forEach((name, values) -> values.forEach(value -> request.header(name, value)));
      }
    }
    return request.build();
  }

  /** {@code Retry-After} as delay-seconds or an HTTP date; -1 when absent or unreadable. */
  static long retryAfter(String value) {
    if (value == null || value.isBlank()) {
      return -1;
    }
    String trimmed = value.trim();
    try {
      long seconds = Long.parseLong(trimmed);
      return seconds < 0 ? -1 : TimeUnit.SECONDS.toNanos(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
        long millis = at.toInstant().toEpochMilli() - System.currentTimeMillis();
        return Math.max(0, TimeUnit.MILLISECONDS.toNanos(millis));
      } catch (RuntimeException notADate) {
        return -1;
      }
    }
  }

  CircuitBreaker.State breakerState() {
    return breaker.state();
  }

  @Override
  public CompletableResultCode shutdown() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(settings.maxElapsed.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      if (buffer != null) {
        // After the sender's thread: nothing more is read or written, and the next instance may take it.
        buffer.close();
      }
      httpExecutor.shutdown();
      HttpClient http = client;
      // On Java 17 the client's selector thread ends only when a GC collects the client: let it go.
      client = null;
      if (http instanceof AutoCloseable) {
        // Java 21 and later: stops the client's selector thread now.
        try {
          ((AutoCloseable) http).close();
        } catch (Exception e) {
          if (LOG.isLoggable(Level.FINE)) {
            LOG.log(Level.FINE, "Tracery: closing the HTTP client failed", e);
          }
        }
      }
    }
    return CompletableResultCode.ofSuccess();
  }
}
