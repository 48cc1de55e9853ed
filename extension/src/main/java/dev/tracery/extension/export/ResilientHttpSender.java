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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends OTLP/HTTP export requests with the JDK's HttpClient (no second HTTP stack in the WAR), and
 * stands between the application and a collector that is slow, down, refusing or broken:
 *
 * <ul>
 *   <li><b>Every attempt ends on time</b>: the whole exchange, response headers and body, within
 *       {@code otel.exporter.otlp.timeout} (and within what is left of the batch's retry budget),
 *       whatever the peer does; the JDK's own request timeout covers only the headers. A response
 *       body is never held: a short prefix is kept for the log, the rest discarded, and reading
 *       stops after {@value BoundedBody#DEFAULT_LIMIT} bytes.
 *   <li><b>Retry</b> of what can succeed later (connection failures, time-outs, broken responses,
 *       429, 502, 503, 504) on the configured schedule, honouring {@code Retry-After} (seconds or
 *       HTTP date) only as far as the batch's retry budget reaches: a later one ends the batch's
 *       attempts at once.
 *   <li><b>Circuit breaker</b>: after repeated failed exports, exports are refused at once without
 *       touching the network, and probed again later. Its state changes are the only log lines.
 *   <li><b>Disk buffer</b> (when configured): what cannot be delivered is kept on disk and sent,
 *       oldest first, once the collector answers again, also after a restart.
 * </ul>
 *
 * <p>Everything happens on one daemon thread of its own; the caller (the SDK's batch processor
 * thread) only serializes the request. The outcome is recorded in {@link ExportStatistics}, and the
 * spans stay in the pipeline's queue count until their delivery ends. OpenTelemetry's OTLP exporter
 * logs a line for every failed export it is told about, which under an outage is a flood; so a
 * batch that was buffered, dropped or refused is reported to it as accepted, and the truth is in
 * the statistics and in the breaker's log lines. No log line shows more of the endpoint than
 * scheme, host, port and path, nor any header value (see {@link Redaction}).
 */
final class ResilientHttpSender implements HttpSender {

  private static final Logger LOG = Logger.getLogger(ResilientHttpSender.class.getName());

  private static final Set<Integer> RETRYABLE_STATUS = Set.of(429, 502, 503, 504);

  /** How long shutdown waits for the sender's thread once it was told to stop. */
  private static final long STOP_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private static final HttpResponse ACCEPTED =
      new HttpResponse() {
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
  private final ExportPipeline pipeline;
  private final ExportStatistics statistics;
  private final CircuitBreaker breaker;

  /** The disk buffer, or null without one. */
  private final BufferedExport buffer;

  private final Redaction redaction;

  /** What log lines show of the endpoint. */
  private final String target;

  /**
   * Dropped at shutdown, so that a deployment a server keeps a while longer does not keep the
   * client's thread.
   */
  private volatile HttpClient client;

  private final ThreadPoolExecutor executor;
  private final ExecutorService httpExecutor;
  private final AtomicBoolean shutDown = new AtomicBoolean();
  private volatile CompletableResultCode shutdownResult;

  /** The last reason an attempt failed, for the shutdown line. */
  private volatile String lastProblem;

  /** {@code bufferOwner}: whose disk buffer this sender keeps; null for none. */
  ResilientHttpSender(HttpSenderConfig config, ExportPipeline pipeline, BufferOwner bufferOwner) {
    this.config = config;
    this.pipeline = pipeline;
    this.settings = pipeline.settings();
    this.statistics = pipeline.statistics();
    this.redaction = Redaction.of(config.getEndpoint(), config.getHeadersSupplier());
    this.target = Redaction.endpoint(config.getEndpoint());
    this.breaker = new CircuitBreaker(target, settings, statistics);
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
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            detachedThreads("tracery-exporter"));
    this.buffer =
        bufferOwner == null
            ? null
            : new BufferedExport(
                bufferOwner, settings, statistics, breaker, executor, this::sendBuffered);
    if (buffer != null) {
      // Batches left by an earlier run of the application are delivered as soon as the collector
      // answers.
      buffer.start();
    }
  }

  /**
   * Daemon threads that do not hold on to the application: no context class loader (a thread
   * started by the application would inherit the deployment's), so an undeployed application is not
   * kept in memory by a thread that lives on a little.
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
   * Builds the HttpClient with no context class loader: its selector thread copies the creating
   * thread's, and on Java 17 that thread ends only when a GC collects the client, so it would hold
   * the undeployed application until then. (It also copies the access control context, which still
   * reaches the deployment for that short while; the deployment is freed at the next GCs.)
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

  boolean hasBuffer() {
    return buffer != null;
  }

  String target() {
    return target;
  }

  String lastProblem() {
    return lastProblem;
  }

  @Override
  public void send(
      MessageWriter writer, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
    SpanBatch batch = pipeline.claimBatch(); // this sender counts its outcome from now on
    byte[] body = null;
    try {
      if (buffer == null && breaker.refusing()) {
        // The collector is down and there is no disk buffer: the batch would be dropped after
        // encoding it, so drop it now and spare the CPU of the application the collector's outage
        // already costs.
        batch.dropped();
        finish(batch, onResponse);
        return;
      }
      ByteArrayOutputStream out =
          new ByteArrayOutputStream(Math.max(writer.getContentLength(), 32));
      writer.writeMessage(out);
      body = out.toByteArray();
    } catch (IOException | RuntimeException | Error e) {
      batch.failed();
      batch.dropped();
      logUnexpected("encoding an export request failed", e);
      finish(batch, onResponse);
      return;
    }
    Delivery delivery = new Delivery(body, batch, onResponse);
    try {
      executor.execute(delivery);
    } catch (RejectedExecutionException rejected) {
      // Shut down: nothing can be sent any more.
      delivery.abandon("the exporter was shut down");
    }
  }

  /**
   * Tells the exporter the batch is done. A batch no path settled (none should be left so) is
   * counted as dropped rather than left in the queue count. Never throws.
   */
  private void finish(SpanBatch batch, Consumer<HttpResponse> onResponse) {
    batch.dropped();
    try {
      onResponse.accept(ACCEPTED);
    } catch (RuntimeException e) {
      logUnexpected("the exporter's completion callback failed", e);
    }
  }

  /** One batch waiting for, or in, delivery on the sender's thread. */
  private final class Delivery implements Runnable {
    final byte[] body;
    final SpanBatch batch;
    final Consumer<HttpResponse> onResponse;
    private final AtomicBoolean finished = new AtomicBoolean();

    Delivery(byte[] body, SpanBatch batch, Consumer<HttpResponse> onResponse) {
      this.body = body;
      this.batch = batch;
      this.onResponse = onResponse;
    }

    @Override
    public void run() {
      try {
        deliver(this);
      } finally {
        if (finished.compareAndSet(false, true)) {
          finish(batch, onResponse);
        }
      }
    }

    /** Never sent (shut down first): kept in the buffer, or dropped and counted. */
    void abandon(String why) {
      if (finished.compareAndSet(false, true)) {
        try {
          lastProblem = lastProblem == null ? why : lastProblem;
          keep(body, batch, true);
        } finally {
          finish(batch, onResponse);
        }
      }
    }
  }

  private void deliver(Delivery delivery) {
    SpanBatch batch = delivery.batch;
    CircuitBreaker.Permit permit = null;
    boolean breakerTold = false;
    try {
      permit = breaker.tryAcquire();
      if (permit == CircuitBreaker.Permit.REFUSE) {
        keep(delivery.body, batch, true);
        return;
      }
      Outcome outcome =
          post(delivery.body, permit == CircuitBreaker.Permit.PROBE ? 1 : settings.maxAttempts);
      breakerTold = true;
      if (outcome.delivered) {
        breaker.onSuccess();
        batch.exported();
        if (buffer != null) {
          buffer.collectorAnswered();
        }
      } else {
        lastProblem = outcome.reason;
        breaker.onFailure(outcome.reason);
        batch.failed();
        keep(delivery.body, batch, outcome.retryable);
      }
    } catch (RuntimeException | Error e) {
      // Whatever threw, the breaker hears of a failed export (a probe that throws is a failed
      // probe) and the batch takes the normal failure path.
      String reason = "unexpected " + redaction.describe(e);
      lastProblem = reason;
      if (permit != null && permit != CircuitBreaker.Permit.REFUSE && !breakerTold) {
        try {
          breaker.onFailure(reason);
        } catch (RuntimeException | Error ignored) {
          // the breaker's own bookkeeping cannot throw; nothing more to do if it did
        }
      }
      if (!batch.isSettled()) {
        batch.failed();
        try {
          keep(delivery.body, batch, true);
        } catch (RuntimeException | Error keepFailed) {
          batch.dropped();
        }
      }
      logUnexpected("an export failed unexpectedly", e);
    }
  }

  /**
   * Buffers a batch that may succeed later, else counts it dropped. At shutdown, batches that never
   * started are put away from the shutting-down thread; {@link BufferedExport} is thread-safe.
   */
  private void keep(byte[] body, SpanBatch batch, boolean mayLaterSucceed) {
    if (buffer != null && mayLaterSucceed) {
      buffer.store(body, batch);
    } else {
      batch.dropped();
    }
  }

  /**
   * One attempt at a buffered batch, for {@link BufferedExport}, which settles the breaker itself.
   */
  private BufferedExport.Answer sendBuffered(byte[] body, String[] reason) {
    Outcome outcome = post(body, 1);
    reason[0] = outcome.reason;
    return outcome.delivered
        ? BufferedExport.Answer.DELIVERED
        : outcome.retryable ? BufferedExport.Answer.RETRY_LATER : BufferedExport.Answer.REJECTED;
  }

  /** The result of sending one request, with its retries. */
  static final class Outcome {
    final boolean delivered;
    final boolean retryable;
    final String reason;

    Outcome(boolean delivered, boolean retryable, String reason) {
      this.delivered = delivered;
      this.retryable = retryable;
      this.reason = reason;
    }
  }

  /** The result of one attempt. */
  private static final class Attempt {
    final int status;
    final String reason;
    final boolean retryable;
    final long retryAfterNanos;

    Attempt(int status, String reason, boolean retryable, long retryAfterNanos) {
      this.status = status;
      this.reason = reason;
      this.retryable = retryable;
      this.retryAfterNanos = retryAfterNanos;
    }

    boolean delivered() {
      return status >= 200 && status < 300;
    }
  }

  Outcome post(byte[] body, int attempts) {
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
      return new Outcome(false, false, "compression failed: " + redaction.describe(e));
    }
    for (int attempt = 1; ; attempt++) {
      if (client == null) {
        return new Outcome(false, true, "shut down");
      }
      // Everything below compares remaining times, never adds a delay to a time: nothing can
      // overflow.
      long remaining = remaining(start, budget);
      if (remaining <= 0) {
        return new Outcome(
            false,
            true,
            pipeline.shuttingDown()
                ? "not sent: shutting down, and otel.bsp.export.timeout is nearly spent"
                : "retry budget of " + settings.maxElapsed.toMillis() + " ms spent");
      }
      Attempt result = attempt(payload, encoding, attemptTimeout(remaining));
      if (result.delivered()) {
        return new Outcome(true, false, null);
      }
      if (!result.retryable) {
        return new Outcome(false, false, result.reason);
      }
      if (result.reason.equals("interrupted")) {
        return new Outcome(
            false, true, "interrupted (shutting down) after " + attempt + " attempt(s)");
      }
      if (attempt >= attempts) {
        return new Outcome(false, true, result.reason + " after " + attempt + " attempt(s)");
      }
      long delay =
          result.retryAfterNanos >= 0 ? result.retryAfterNanos : settings.backoffNanos(attempt);
      remaining = remaining(start, budget);
      if (delay >= remaining) {
        return new Outcome(
            false,
            true,
            result.reason
                + " after "
                + attempt
                + " attempt(s); "
                + (result.retryAfterNanos >= 0
                    ? "its Retry-After is later than"
                    : "the next attempt would be past")
                + " the retry budget of "
                + settings.maxElapsed.toMillis()
                + " ms");
      }
      statistics.retried();
      try {
        settings.sleeper.sleep(delay);
      } catch (InterruptedException e) {
        // Shutdown; not restored, see attempt().
        return new Outcome(
            false, true, "interrupted (shutting down) after " + attempt + " attempt(s)");
      }
    }
  }

  /**
   * Nanoseconds left for this batch: within its retry budget and, when shutting down, the
   * shutdown's.
   */
  private long remaining(long start, long budget) {
    long now = settings.nanoTime.getAsLong();
    long left = budget - (now - start);
    long shutdownLeft = pipeline.deliveryNanosLeft(now);
    return Math.min(left, shutdownLeft);
  }

  private long attemptTimeout(long remaining) {
    Duration timeout = config.getTimeout();
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      return remaining;
    }
    long nanos;
    try {
      nanos = timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      nanos = Long.MAX_VALUE;
    }
    return Math.min(nanos, remaining);
  }

  /**
   * One exchange, bounded as a whole: headers and body within {@code timeoutNanos}. The JDK
   * client's own request timeout stops only the wait for the headers; the wait for the body is
   * bounded here, and a body that does not come, or does not end, is cancelled, which closes the
   * connection.
   */
  private Attempt attempt(byte[] payload, String encoding, long timeoutNanos) {
    HttpClient http = client;
    if (http == null) {
      return new Attempt(0, "shut down", false, -1);
    }
    HttpRequest request;
    try {
      request = request(payload, encoding, timeoutNanos);
    } catch (RuntimeException e) {
      // Never the exception's message: the JDK names an invalid header's value in it.
      return new Attempt(
          0,
          "the request could not be built ("
              + e.getClass().getSimpleName()
              + "; check the header names and values in otel.exporter.otlp.headers)",
          false,
          -1);
    }
    BoundedBody.Holder holder = new BoundedBody.Holder();
    CompletableFuture<java.net.http.HttpResponse<BoundedBody>> future = null;
    long began = System.nanoTime();
    try {
      future = http.sendAsync(request, BoundedBody.handler(holder));
      java.net.http.HttpResponse<BoundedBody> response = await(future, timeoutNanos);
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return new Attempt(status, null, false, -1);
      }
      BoundedBody body = response.body();
      String reason = "HTTP " + status + describeBody(body);
      if (!RETRYABLE_STATUS.contains(status)) {
        return new Attempt(status, reason, false, -1);
      }
      String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
      return new Attempt(status, reason, true, retryAfter(retryAfter, System.currentTimeMillis()));
    } catch (TimeoutException e) {
      stop(future, holder);
      return new Attempt(
          0,
          timedOut(began) + (holder.body != null ? " while reading the response body" : ""),
          true,
          -1);
    } catch (InterruptedException e) {
      // Only shutdown interrupts this thread. The flag is not restored: the batch is written to the
      // disk
      // buffer next, and an interrupted thread cannot write a file (ClosedByInterruptException).
      stop(future, holder);
      return new Attempt(0, "interrupted", true, -1);
    } catch (ExecutionException e) {
      stop(future, holder);
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof HttpTimeoutException) {
        return new Attempt(0, timedOut(began), true, -1);
      }
      if (cause instanceof ConnectException) {
        return new Attempt(0, "connection refused or unreachable", true, -1);
      }
      if (cause instanceof IOException || cause instanceof CancellationException) {
        return new Attempt(0, redaction.describe(cause), true, -1);
      }
      return new Attempt(0, "unexpected " + redaction.describe(cause), true, -1);
    } catch (CancellationException e) {
      stop(future, holder);
      return new Attempt(0, "cancelled", true, -1);
    } catch (RuntimeException e) {
      stop(future, holder);
      return new Attempt(0, "unexpected " + redaction.describe(e), true, -1);
    }
  }

  private String timedOut(long began) {
    return "timed out after "
        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began)
        + " ms"
        + (pipeline.shuttingDown() ? " (shutting down)" : " (otel.exporter.otlp.timeout)");
  }

  /** How often a waiting attempt looks whether shutdown has cut its time short. */
  private static final long SHUTDOWN_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /**
   * Waits for the whole response, at most {@code timeoutNanos} (on the real clock: this is I/O),
   * and no longer than shutdown allows once it has begun, so an attempt that started before
   * shutdown does not run past the delivery deadline.
   */
  private <T> T await(CompletableFuture<T> future, long timeoutNanos)
      throws InterruptedException, ExecutionException, TimeoutException {
    long start = System.nanoTime();
    while (true) {
      long left = timeoutNanos - (System.nanoTime() - start);
      if (pipeline.shuttingDown()) {
        left = Math.min(left, pipeline.deliveryNanosLeft(settings.nanoTime.getAsLong()));
      }
      if (left <= 0) {
        throw new TimeoutException();
      }
      try {
        return future.get(Math.min(left, SHUTDOWN_CHECK_NANOS), TimeUnit.NANOSECONDS);
      } catch (TimeoutException notYet) {
        // look again
      }
    }
  }

  private static void stop(CompletableFuture<?> future, BoundedBody.Holder holder) {
    holder.cancel();
    if (future != null) {
      future.cancel(true);
    }
  }

  /** The body's size and first bytes, scrubbed: a proxy may echo the request, headers included. */
  private String describeBody(BoundedBody body) {
    if (body == null || body.bytesRead() == 0) {
      return "";
    }
    String prefix = redaction.scrub(body.prefix());
    return " (response body: "
        + body.bytesRead()
        + (body.cut() ? "+" : "")
        + " bytes"
        + (prefix.isBlank() ? "" : ", starting '" + prefix + "'")
        + ")";
  }

  private HttpRequest request(byte[] payload, String encoding, long timeoutNanos) {
    URI endpoint = config.getEndpoint();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofNanos(Math.max(timeoutNanos, 1_000_000L)))
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

  /**
   * {@code Retry-After} as delay-seconds or an HTTP date, in nanoseconds from now, saturating at
   * {@code Long.MAX_VALUE} however large; 0 for a date in the past; -1 when absent, negative or
   * unreadable (then the configured backoff applies).
   */
  static long retryAfter(String value, long nowMillis) {
    if (value == null || value.isBlank()) {
      return -1;
    }
    String trimmed = value.trim();
    if (trimmed.chars().allMatch(Character::isDigit)) {
      // Digits only: seconds, however many digits. Anything beyond ~292 years saturates.
      if (trimmed.length() > 12) {
        return Long.MAX_VALUE;
      }
      long seconds = Long.parseLong(trimmed);
      return seconds > Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : seconds * 1_000_000_000L;
    }
    if (trimmed.startsWith("-") || trimmed.startsWith("+")) {
      return -1;
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
      long epochSecond = at.toEpochSecond();
      long nowSecond = Math.floorDiv(nowMillis, 1000L);
      if (epochSecond <= nowSecond) {
        return 0;
      }
      long seconds = epochSecond - nowSecond; // both within a few hundred billion: no overflow
      return seconds > Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : seconds * 1_000_000_000L;
    } catch (RuntimeException notADate) {
      return -1;
    }
  }

  /** FINE, with a scrubbed copy of the exception. Never throws. */
  private void logUnexpected(String what, Throwable e) {
    try {
      if (LOG.isLoggable(Level.FINE)) {
        LOG.log(
            Level.FINE, "Tracery: " + what + " (exporting to " + target + ")", redaction.scrub(e));
      }
    } catch (RuntimeException | Error logging) {
      // nothing sensible is left to do
    }
  }

  /**
   * Stops within the pipeline's shutdown deadline (started when the SDK's shutdown began, bounded
   * by {@code otel.bsp.export.timeout}): deliveries under way get until then, batches still waiting
   * are kept in the disk buffer or dropped and counted, and the HTTP client is closed. The result
   * fails when spans were dropped since shutdown began. Idempotent.
   */
  @Override
  public CompletableResultCode shutdown() {
    if (!shutDown.compareAndSet(false, true)) {
      CompletableResultCode result = shutdownResult;
      return result != null ? result : CompletableResultCode.ofSuccess();
    }
    pipeline.beginShutdown();
    executor.shutdown();
    try {
      long wait = pipeline.shutdownNanosLeft(settings.nanoTime.getAsLong());
      if (!awaitTermination(wait)) {
        List<Runnable> waiting = executor.shutdownNow();
        // Let the interrupted delivery put its batch away first, then the ones that never started.
        awaitTermination(STOP_GRACE_NANOS);
        for (Runnable runnable : waiting) {
          if (runnable instanceof Delivery) {
            ((Delivery) runnable).abandon("not sent before otel.bsp.export.timeout at shutdown");
          }
        }
      }
    } catch (InterruptedException e) {
      for (Runnable runnable : executor.shutdownNow()) {
        if (runnable instanceof Delivery) {
          ((Delivery) runnable).abandon("shutdown interrupted");
        }
      }
      Thread.currentThread().interrupt();
    } finally {
      if (buffer != null) {
        // After the sender's thread: nothing more is read or written, and the next instance may
        // take it.
        buffer.close();
      }
      httpExecutor.shutdown();
      HttpClient http = client;
      // On Java 17 the client's selector thread ends only when a GC collects the client: let it go.
      client = null;
      stopNow(http);
    }
    CompletableResultCode result =
        pipeline.lostSinceShutdown() == 0
            ? CompletableResultCode.ofSuccess()
            : CompletableResultCode.ofFailure();
    shutdownResult = result;
    return result;
  }

  /**
   * Java 21 and later: {@code HttpClient.shutdownNow()} aborts what is still under way and stops
   * the client's selector thread now. Not {@code close()}, which waits for exchanges to finish, so
   * a collector that hangs would hold up the shutdown. Looked up by reflection: Tracery compiles
   * for 17.
   */
  private void stopNow(HttpClient http) {
    if (http == null) {
      return;
    }
    try {
      http.getClass().getMethod("shutdownNow").invoke(http);
    } catch (NoSuchMethodException java17) {
      // nothing to stop: the selector thread ends when the client is collected
    } catch (ReflectiveOperationException | RuntimeException e) {
      logUnexpected("stopping the HTTP client failed", e);
    }
  }

  private boolean awaitTermination(long nanos) throws InterruptedException {
    return executor.awaitTermination(Math.max(nanos, 0), TimeUnit.NANOSECONDS);
  }
}
