package dev.tracery.extension;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracery.DomainAttributes;
import dev.tracery.RetryPolicy;
import dev.tracery.Spans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Programmatic spans and traced retries through the injected {@link Spans} bean, on Weld SE. */
class SpansTest {

  /**
   * The seeds' external-service and cache helpers, as an application writes them with {@link
   * Spans}.
   */
  @ApplicationScoped
  public static class FollowService {
    @Inject Spans spans;
    final Map<String, String> cache = new HashMap<>();

    public void remember(String key, String value) {
      cache.put(key, value);
    }

    public String cached(String key) {
      return spans.call(
          "cache get",
          SpanKind.CLIENT,
          Map.of("cache.key", key),
          () -> {
            String value = cache.get(key);
            spans.setAttribute(DomainAttributes.CACHE_HIT.getKey(), value != null);
            return value;
          });
    }

    public String follow(String userId, String target) throws IOException {
      return spans.call(
          "stream.io follow",
          SpanKind.CLIENT,
          Map.of(
              DomainAttributes.SERVICE_PEER_NAME.getKey(), "stream.io",
              DomainAttributes.SERVER_ADDRESS.getKey(), "api.stream.io",
              DomainAttributes.USER_ID.getKey(), userId),
          () -> {
            if (target.isEmpty()) {
              throw new IOException("no such user");
            }
            spans.addEvent("follow.sent", Map.of("target.count", 1));
            return userId + "->" + target;
          });
    }
  }

  private TestApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private Spans spans() {
    if (app == null) {
      app = TestApp.enabled(FollowService.class);
    }
    return app.bean(Spans.class);
  }

  @Test
  void runsTheBlockInANamedSpanOfTheGivenKindWithAttributesCurrentInside() {
    Spans spans = spans();
    List<SpanContext> inside = new ArrayList<>();

    spans.run(
        "load-rates",
        SpanKind.CLIENT,
        Map.of("rates.count", 3, "rates.source", "ecb", "ratio", 0.5, "live", true),
        () -> inside.add(Span.current().getSpanContext()));

    assertThat(app.spans())
        .singleElement()
        .satisfies(
            span -> {
              assertThat(span)
                  .hasName("load-rates")
                  .hasKind(SpanKind.CLIENT)
                  .hasNoParent()
                  .hasInstrumentationScopeInfo(
                      InstrumentationScopeInfo.create(Spans.INSTRUMENTATION_NAME))
                  .hasAttribute(AttributeKey.longKey("rates.count"), 3L)
                  .hasAttribute(AttributeKey.stringKey("rates.source"), "ecb")
                  .hasAttribute(AttributeKey.doubleKey("ratio"), 0.5)
                  .hasAttribute(AttributeKey.booleanKey("live"), true);
              assertThat(span.getSpanContext()).isEqualTo(inside.get(0));
              assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
            });
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
  }

  @Test
  void nestsUnderTheCurrentSpanAndReturnsTheResult() {
    Spans spans = spans();

    String result = spans.call("outer", () -> spans.call("inner", () -> "done"));

    assertThat(result).isEqualTo("done");
    List<SpanData> exported = app.spans();
    assertThat(exported).extracting(SpanData::getName).containsExactly("inner", "outer");
    assertThat(exported.get(0)).hasParent(exported.get(1)).hasKind(SpanKind.INTERNAL);
  }

  @Test
  void aThrowingBlockEndsTheSpanOnceWithErrorAndTheExceptionIsRethrownUnchanged() {
    Spans spans = spans();
    IOException failure = new IOException("disk gone");

    assertThatThrownBy(
            () ->
                spans.run(
                    "write",
                    () -> {
                      throw failure;
                    }))
        .isSameAs(failure);

    assertThat(app.spans())
        .singleElement()
        .satisfies(
            span -> {
              assertThat(span)
                  .hasName("write")
                  .hasStatus(io.opentelemetry.sdk.trace.data.StatusData.error())
                  .hasAttribute(AttributeKey.stringKey("error.type"), IOException.class.getName());
              assertThat(span.getEvents())
                  .extracting(EventData::getName)
                  .containsExactly("exception");
            });
  }

  @Test
  void aCompletionStageResultEndsTheSpanWhenItCompletes() {
    Spans spans = spans();
    CompletableFuture<String> later = new CompletableFuture<>();
    CompletableFuture<String> failing = new CompletableFuture<>();

    CompletionStage<String> returned = spans.call("later", () -> later);
    spans.call("failing", () -> failing);

    assertThat(returned).isSameAs(later);
    assertThat(app.spans()).isEmpty();
    later.complete("ok");
    failing.completeExceptionally(new IllegalStateException("remote said no"));

    assertThat(app.spans()).extracting(SpanData::getName).containsExactly("later", "failing");
    assertThat(app.spans().get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(app.spans().get(1))
        .hasAttribute(AttributeKey.stringKey("error.type"), IllegalStateException.class.getName());
    assertThat(app.spans().get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void badInputFallsBackAndNeverStopsTheBlock() {
    Spans spans = spans();
    Map<String, Object> attributes = new HashMap<>();
    attributes.put(null, "no key");
    attributes.put(" ", "blank key");
    attributes.put("nothing", null);
    attributes.put("huge", "x".repeat(100_000));
    attributes.put("object", SpanKind.SERVER);
    attributes.put(
        "broken",
        new Object() {
          @Override
          public String toString() {
            throw new IllegalStateException("broken toString");
          }
        });
    AtomicInteger ran = new AtomicInteger();

    spans.run(null, null, attributes, ran::incrementAndGet);
    spans.run("  ", ran::incrementAndGet);
    assertThat(spans.call(null, null, null, ran::incrementAndGet)).isEqualTo(3);
    spans.run("no block", null);
    assertThat(spans.<String, RuntimeException>call("no block", null)).isNull();
    spans.addEvent(null, attributes);
    spans.setAttribute(null, "x");
    spans.recordError((Throwable) null);
    Integer retried = spans.retry(null, null, attempt -> ran.incrementAndGet());
    assertThat(retried).isEqualTo(4);

    assertThat(ran.get()).isEqualTo(4);
    List<SpanData> exported = app.spans();
    assertThat(exported)
        .extracting(SpanData::getName)
        .containsExactly(Spans.UNNAMED, Spans.UNNAMED, Spans.UNNAMED, Spans.UNNAMED, Spans.UNNAMED);
    SpanData first = exported.get(0);
    assertThat(first)
        .hasKind(SpanKind.INTERNAL)
        .hasAttribute(AttributeKey.stringKey("object"), "SERVER");
    assertThat(first.getAttributes().get(AttributeKey.stringKey("huge")))
        .hasSize(Spans.MAX_VALUE_LENGTH);
    assertThat(first.getAttributes().asMap().keySet())
        .extracting(AttributeKey::getKey)
        .containsExactlyInAnyOrder("huge", "object");
  }

  @Test
  void eventsAttributesAndHandledErrorsGoOnTheCurrentSpan() {
    Spans spans = spans();

    spans.run(
        "import",
        () -> {
          spans.addEvent("batch.started", Map.of("batch.size", 20));
          spans.setAttribute(DomainAttributes.SESSION_ID.getKey(), "s-1");
          spans.recordError(new IllegalArgumentException("bad row, skipped"));
        });
    spans.run("http-call", () -> spans.recordError("503"));

    SpanData imported = app.spans().get(0);
    assertThat(imported)
        .hasAttribute(DomainAttributes.SESSION_ID, "s-1")
        .hasAttribute(DomainAttributes.ERROR_TYPE, IllegalArgumentException.class.getName());
    assertThat(imported.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(imported.getEvents())
        .extracting(EventData::getName)
        .containsExactly("batch.started", "exception");
    assertThat(imported.getEvents().get(0).getAttributes().get(AttributeKey.longKey("batch.size")))
        .isEqualTo(20L);
    assertThat(app.spans().get(1)).hasAttribute(DomainAttributes.ERROR_TYPE, "503");
  }

  @Test
  void theSeedsCacheAndExternalServiceHelpersMapOntoTheApi() throws Exception {
    spans();
    FollowService service = app.bean(FollowService.class);
    service.remember("user:123", "Ada");

    assertThat(service.cached("user:123")).isEqualTo("Ada");
    assertThat(service.cached("user:999")).isNull();
    assertThat(service.follow("u1", "u2")).isEqualTo("u1->u2");
    assertThatThrownBy(() -> service.follow("u1", "")).isInstanceOf(IOException.class);

    List<SpanData> exported = app.spans();
    assertThat(exported.get(0))
        .hasName("cache get")
        .hasKind(SpanKind.CLIENT)
        .hasAttribute(DomainAttributes.CACHE_HIT, true);
    assertThat(exported.get(1)).hasAttribute(DomainAttributes.CACHE_HIT, false);
    assertThat(exported.get(2))
        .hasName("stream.io follow")
        .hasAttribute(DomainAttributes.SERVICE_PEER_NAME, "stream.io")
        .hasAttribute(DomainAttributes.SERVER_ADDRESS, "api.stream.io")
        .hasAttribute(DomainAttributes.USER_ID, "u1");
    assertThat(exported.get(2).getEvents())
        .extracting(EventData::getName)
        .containsExactly("follow.sent");
    assertThat(exported.get(3))
        .hasAttribute(DomainAttributes.ERROR_TYPE, IOException.class.getName());
    assertThat(exported.get(3).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void aRetriedOperationIsOneSpanWithOneChildPerAttempt() throws Exception {
    Spans spans = spans();
    List<Long> waits = new ArrayList<>();
    RetryPolicy policy =
        RetryPolicy.of(5, Duration.ofMillis(100)).withMultiplier(2).withSleeper(waits::add);

    String result =
        spans.retry(
            "send-request",
            SpanKind.CLIENT,
            Map.of("peer", "billing"),
            policy,
            attempt -> {
              if (attempt < 3) {
                throw new ConnectException("refused " + attempt);
              }
              return "sent on " + attempt;
            });

    assertThat(result).isEqualTo("sent on 3");
    assertThat(waits).containsExactly(100L, 200L);
    List<SpanData> exported = app.spans();
    assertThat(exported).hasSize(4);
    SpanData operation = exported.get(3);
    assertThat(operation)
        .hasName("send-request")
        .hasKind(SpanKind.CLIENT)
        .hasNoParent()
        .hasAttribute(AttributeKey.stringKey("peer"), "billing")
        .hasAttribute(Spans.RETRY_ATTEMPTS, 3L)
        .hasAttribute(Spans.RETRY_OUTCOME, "success");
    assertThat(operation.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    for (int i = 0; i < 3; i++) {
      SpanData attempt = exported.get(i);
      assertThat(attempt)
          .hasName("send-request")
          .hasKind(SpanKind.INTERNAL)
          .hasParent(operation)
          .hasAttribute(Spans.RETRY_ATTEMPT, (long) i + 1);
    }
    assertThat(exported.get(0))
        .hasAttribute(Spans.RETRY_OUTCOME, "failure")
        .hasAttribute(Spans.RETRY_DELAY, 100L)
        .hasAttribute(DomainAttributes.ERROR_TYPE, ConnectException.class.getName());
    assertThat(exported.get(0).getEvents())
        .extracting(EventData::getName)
        .containsExactly("exception");
    assertThat(exported.get(1)).hasAttribute(Spans.RETRY_DELAY, 200L);
    assertThat(exported.get(2)).hasAttribute(Spans.RETRY_OUTCOME, "success");
    assertThat(exported.get(2).getAttributes().get(Spans.RETRY_DELAY)).isNull();
  }

  @Test
  void aRetryThatNeverSucceedsRecordsTheFinalFailureOnTheOperation() {
    Spans spans = spans();
    List<Long> waits = new ArrayList<>();
    IllegalStateException last = new IllegalStateException("still down");
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                spans.retry(
                    "send",
                    RetryPolicy.of(3, Duration.ofMillis(10)).withSleeper(waits::add),
                    attempt -> {
                      calls.incrementAndGet();
                      throw attempt == 3 ? last : new IllegalStateException("down");
                    }))
        .isSameAs(last);

    assertThat(calls.get()).isEqualTo(3);
    assertThat(waits).containsExactly(10L, 15L);
    SpanData operation = app.spans().get(3);
    assertThat(operation)
        .hasName("send")
        .hasAttribute(Spans.RETRY_ATTEMPTS, 3L)
        .hasAttribute(Spans.RETRY_OUTCOME, "failure")
        .hasAttribute(DomainAttributes.ERROR_TYPE, IllegalStateException.class.getName());
    assertThat(operation.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(app.spans().get(2)).hasAttribute(Spans.RETRY_OUTCOME, "failure");
    assertThat(app.spans().get(2).getAttributes().get(Spans.RETRY_DELAY)).isNull();
  }

  @Test
  void aFailureThePolicyDoesNotRetryEndsTheOperationAtOnce() {
    Spans spans = spans();
    RetryPolicy policy =
        RetryPolicy.defaults()
            .retryingOn(IOException.class)
            .withSleeper(
                millis -> {
                  throw new AssertionError("no wait expected");
                });

    assertThatThrownBy(
            () ->
                spans.retry(
                    "parse",
                    policy,
                    attempt -> {
                      throw new IllegalArgumentException("bad input");
                    }))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(app.spans()).hasSize(2);
    assertThat(app.spans().get(1)).hasAttribute(Spans.RETRY_ATTEMPTS, 1L);
  }

  @Test
  void anInterruptWhileWaitingStopsTheRetriesAndKeepsTheFlag() {
    Spans spans = spans();
    IOException failure = new IOException("refused");
    AtomicInteger calls = new AtomicInteger();
    RetryPolicy policy =
        RetryPolicy.of(5, Duration.ofMillis(50))
            .withSleeper(
                millis -> {
                  throw new InterruptedException();
                });

    try {
      assertThatThrownBy(
              () ->
                  spans.retry(
                      "connect",
                      policy,
                      attempt -> {
                        calls.incrementAndGet();
                        throw failure;
                      }))
          .isSameAs(failure);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }

    assertThat(calls.get()).isEqualTo(1);
    assertThat(app.spans().get(1))
        .hasAttribute(Spans.RETRY_ATTEMPTS, 1L)
        .hasAttribute(Spans.RETRY_OUTCOME, "failure");
  }

  @Test
  void theStaticEntryPointFindsTheApplicationsInstance() {
    spans();

    Spans found = Spans.get();
    found.run("from-a-static-helper", () -> {});

    assertThat(found.isEnabled()).isTrue();
    assertThat(app.spans()).extracting(SpanData::getName).containsExactly("from-a-static-helper");
  }

  @Test
  void whileTracingIsOffTheBlockRunsAndNoSpanIsMade() throws Exception {
    app = TestApp.builder().beans(FollowService.class).start();
    Spans spans = app.bean(Spans.class);
    List<Long> waits = new ArrayList<>();
    List<SpanContext> inside = new ArrayList<>();

    assertThat(spans).isSameAs(Spans.noop());
    assertThat(spans.isEnabled()).isFalse();
    spans.run("off", () -> inside.add(Span.current().getSpanContext()));
    assertThat(spans.call("off", () -> 7)).isEqualTo(7);
    IOException failure = new IOException("x");
    assertThatThrownBy(
            () ->
                spans.run(
                    "off",
                    () -> {
                      throw failure;
                    }))
        .isSameAs(failure);
    Integer succeededOn =
        spans.retry(
            "off",
            RetryPolicy.of(3, Duration.ofMillis(5)).withSleeper(waits::add),
            attempt -> {
              if (attempt < 2) {
                throw new IOException("again");
              }
              return attempt;
            });
    assertThat(succeededOn).isEqualTo(2);
    assertThat(app.bean(FollowService.class).follow("u1", "u2")).isEqualTo("u1->u2");

    assertThat(inside.get(0).isValid()).isFalse();
    assertThat(waits).containsExactly(5L);
    assertThat(app.spans()).isEmpty();
  }

  @Test
  void theOffInstanceAllocatesNothingPerCall() {
    var threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    Spans off = Spans.noop();
    Map<String, Object> attributes = Map.of("order.id", "o-1");
    Spans.Block<RuntimeException> block = () -> {};
    Spans.Call<String, RuntimeException> call = () -> "done";
    long threadId = Thread.currentThread().getId();
    for (int i = 0; i < 20_000; i++) {
      off.run("warm-up", SpanKind.CLIENT, attributes, block);
      off.call("warm-up", call);
    }

    long before = threads.getThreadAllocatedBytes(threadId);
    for (int i = 0; i < 100_000; i++) {
      off.run("checkout", SpanKind.CLIENT, attributes, block);
      off.call("checkout", call);
      off.setAttribute("order.id", "o-1");
      off.addEvent("paid");
    }
    long allocated = threads.getThreadAllocatedBytes(threadId) - before;

    // 400,000 calls: a single allocation per call would be megabytes; a few bytes are the
    // measurement's own.
    assertThat(allocated).isLessThan(4096);
  }

  @Test
  void whenNotSampledTheBlockRunsAndNothingIsExported() {
    app =
        TestApp.builder()
            .config("tracery.enabled", "true")
            .config("otel.traces.sampler", "always_off")
            .start();
    Spans spans = app.bean(Spans.class);
    AtomicInteger ran = new AtomicInteger();

    spans.run("unsampled", SpanKind.INTERNAL, Map.of("k", "v"), ran::incrementAndGet);
    Integer retried =
        spans.retry(
            "unsampled", RetryPolicy.of(2, Duration.ZERO), attempt -> ran.incrementAndGet());
    assertThat(retried).isEqualTo(2);

    assertThat(ran.get()).isEqualTo(2);
    assertThat(app.spans()).isEmpty();
  }
}
