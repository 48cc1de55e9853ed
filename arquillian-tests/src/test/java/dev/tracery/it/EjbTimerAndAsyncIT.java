package dev.tracery.it;

import static dev.tracery.it.ReceivedSpans.awaitAll;
import static dev.tracery.it.ReceivedSpans.find;
import static dev.tracery.it.ReceivedSpans.named;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.it.async.Worker;
import dev.tracery.it.timer.Alarm;
import dev.tracery.it.timer.EjbAsyncResource;
import dev.tracery.it.timer.EjbTasks;
import dev.tracery.it.timer.TimerResource;
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
 * What needs the EJB container: an EJB timer callback with no Tracery annotation is the root span
 * of a trace of its own, named after the timeout method, with what it calls below it; an EJB
 * {@code @Asynchronous} method does not get the caller's trace.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@DisabledIfSystemProperty(
    named = "tracery.server",
    matches = "wildfly-agent|wildfly-mp",
    disabledReason =
        "the agent traces these itself; standalone-microprofile.xml has no EJB container")
class EjbTimerAndAsyncIT {

  static final OtlpReceiver RECEIVER = OtlpReceiver.start();
  static final Duration WAIT = Duration.ofSeconds(30);

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.tracedWar("ejb", Deployments.exportingTo(RECEIVER, "ejb"))
        .addClasses(
            Worker.class, Alarm.class, TimerResource.class, EjbTasks.class, EjbAsyncResource.class);
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  @ArquillianResource URL base;

  private static Predicate<ReceivedSpan> work(String path) {
    return span -> span.name().equals("Worker.work") && path.equals(span.attribute("it.path"));
  }

  @Test
  void timerCallbackIsTheRootOfItsOwnTrace() throws Exception {
    Http.getOk(base, "api/timer");
    List<ReceivedSpan> spans =
        awaitAll(
            RECEIVER,
            WAIT,
            "the timer's spans",
            named("GET /api/timer"),
            named("Alarm.ring"),
            work("timer"));
    ReceivedSpan request = find(spans, named("GET /api/timer"), "the request that set the timer");
    ReceivedSpan ring = find(spans, named("Alarm.ring"), "the timer callback's span");
    assertThat(ring.isRoot()).as("a timer callback starts a trace").isTrue();
    assertThat(ring.traceId()).isNotEqualTo(request.traceId());
    assertThat(ring.kind()).isEqualTo("INTERNAL");
    assertThat(ring.attribute("code.function.name")).isEqualTo("dev.tracery.it.timer.Alarm.ring");
    assertThat(find(spans, work("timer"), "work in the callback").isChildOf(ring)).isTrue();
  }

  /**
   * The documented limit: an EJB container hands an asynchronous call to its own thread before any
   * interceptor runs, with none of the caller's thread context types, so nothing of Tracery sees
   * the caller's trace. A {@code @Traced} asynchronous EJB method is the root of a new trace; what
   * it calls is below it. If a server starts carrying the context, this test says so.
   */
  @Test
  void ejbAsynchronousMethodStartsANewTrace() throws Exception {
    Http.getOk(base, "api/ejb-async");
    String route = "GET /api/ejb-async";
    List<ReceivedSpan> spans =
        awaitAll(
            RECEIVER,
            WAIT,
            "the spans of " + route,
            named(route),
            named("EjbTasks.traced"),
            work("ejb-async"),
            work("ejb-async-traced"));
    ReceivedSpan server = find(spans, named(route), route);
    ReceivedSpan traced = find(spans, named("EjbTasks.traced"), "EjbTasks.traced");
    assertThat(traced.isRoot()).as("@Traced asynchronous EJB method starts a trace").isTrue();
    assertThat(traced.traceId()).isNotEqualTo(server.traceId());
    assertThat(
            find(spans, work("ejb-async-traced"), "work in the @Traced method").isChildOf(traced))
        .isTrue();
    assertThat(find(spans, work("ejb-async"), "work in the untraced method").isRoot()).isTrue();
  }
}
