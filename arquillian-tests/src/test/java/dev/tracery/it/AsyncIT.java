package dev.tracery.it;

import static dev.tracery.it.ReceivedSpans.awaitAll;
import static dev.tracery.it.ReceivedSpans.find;
import static dev.tracery.it.ReceivedSpans.named;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.it.async.AsyncResource;
import dev.tracery.it.async.ConcurrencyTasks;
import dev.tracery.it.async.Parcel;
import dev.tracery.it.async.ParcelObserver;
import dev.tracery.it.async.Worker;
import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Work that leaves the request thread with no tracing code of the application's: a managed executor
 * (plain and with {@code CompletableFuture}), a Jakarta Concurrency {@code @Asynchronous} method,
 * and an asynchronous CDI event. (EJB {@code @Asynchronous} and timers: {@link
 * EjbTimerAndAsyncIT}.)
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@DisabledIfSystemProperty(
    named = "tracery.server",
    matches = "wildfly-agent",
    disabledReason = "the agent traces these itself")
class AsyncIT {

  static final OtlpReceiver RECEIVER = OtlpReceiver.start();
  static final Duration WAIT = Duration.ofSeconds(30);

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.tracedWar("async", Deployments.exportingTo(RECEIVER, "async"))
        .addClasses(
            Worker.class,
            AsyncResource.class,
            ConcurrencyTasks.class,
            Parcel.class,
            ParcelObserver.class);
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  @ArquillianResource URL base;

  private static Predicate<ReceivedSpan> work(String path) {
    return span -> span.name().equals("Worker.work") && path.equals(span.attribute("it.path"));
  }

  /** The request's SERVER span, and the {@code Worker.work} span of {@code path} as its child. */
  private void assertWorkIsChildOfRequest(String request, String... paths) throws Exception {
    Http.getOk(base, "api/async/" + request);
    String route = "GET /api/async/" + request;
    Predicate<ReceivedSpan>[] expected = new Predicate[paths.length + 1];
    expected[0] = named(route);
    for (int i = 0; i < paths.length; i++) {
      expected[i + 1] = work(paths[i]);
    }
    List<ReceivedSpan> spans = awaitAll(RECEIVER, WAIT, "the spans of " + route, expected);
    ReceivedSpan server = find(spans, named(route), route);
    for (String path : paths) {
      ReceivedSpan work = find(spans, work(path), "Worker.work for " + path);
      assertThat(work.traceId())
          .as(path + " continues the request's trace")
          .isEqualTo(server.traceId());
      assertThat(work.isChildOf(server)).as(path + " is a child of the request's span").isTrue();
    }
  }

  @Test
  void taskSubmittedToTheManagedExecutorContinuesTheRequestsTrace() throws Exception {
    assertWorkIsChildOfRequest("submit", "submit");
  }

  @Test
  void completableFutureOnTheManagedExecutorContinuesTheRequestsTrace() throws Exception {
    assertWorkIsChildOfRequest("completable-future", "supply-async", "then-apply-async");
  }

  @Test
  void managedCompletableFutureContinuesTheRequestsTrace() throws Exception {
    assertWorkIsChildOfRequest(
        "managed-future", "managed-supply-async", "managed-then-apply-async");
  }

  @Test
  void concurrencyAsynchronousMethodIsAChildOfTheRequest() throws Exception {
    assertAsynchronousMethods("concurrency-async", "ConcurrencyTasks.traced");
  }

  private void assertAsynchronousMethods(String request, String tracedMethod) throws Exception {
    Http.getOk(base, "api/async/" + request);
    String route = "GET /api/async/" + request;
    List<ReceivedSpan> spans =
        awaitAll(
            RECEIVER,
            WAIT,
            "the spans of " + route,
            named(route),
            named(tracedMethod),
            work(request),
            work(request + "-traced"));
    ReceivedSpan server = find(spans, named(route), route);
    ReceivedSpan traced = find(spans, named(tracedMethod), tracedMethod);
    assertThat(traced.isChildOf(server))
        .as("@Traced asynchronous method is a child of the request")
        .isTrue();
    assertThat(
            find(spans, work(request + "-traced"), "work in the @Traced method").isChildOf(traced))
        .as("work inside the @Traced asynchronous method is its child")
        .isTrue();
    assertThat(find(spans, work(request), "work in the untraced method").isChildOf(server))
        .as("work inside an untraced asynchronous method is a child of the request")
        .isTrue();
  }

  @Test
  void asyncEventObserverContinuesTheTraceThatFiredIt() throws Exception {
    assertWorkIsChildOfRequest("fire-async", "fire-async");
  }
}
