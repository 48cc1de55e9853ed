package dev.tracery.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.it.async.Worker;
import dev.tracery.it.timer.Alarm;
import dev.tracery.it.timer.TimerResource;
import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * An EJB timer callback with no Tracery annotation is the root span of a trace of its own, named after
 * the timeout method; what it calls is below it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@DisabledIfSystemProperty(
    named = "tracery.server",
    matches = "wildfly-agent|wildfly-mp",
    disabledReason = "the agent traces these itself; standalone-microprofile.xml has no EJB timer service")
class TimerIT {

  static final OtlpReceiver RECEIVER = OtlpReceiver.start();
  static final Duration WAIT = Duration.ofSeconds(30);

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.tracedWar(
            "timer",
            Map.of(
                "tracery.enabled", "true",
                "otel.service.name", "timer-" + Deployments.server(),
                "otel.exporter.otlp.endpoint", RECEIVER.endpoint(),
                "otel.bsp.schedule.delay", "100ms"))
        .addClasses(Worker.class, Alarm.class, TimerResource.class);
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  @ArquillianResource URL base;

  private static Predicate<ReceivedSpan> work(String path) {
    return span -> span.name().equals("Worker.work") && path.equals(span.attribute("it.path"));
  }

  private static Predicate<ReceivedSpan> named(String name) {
    return span -> span.name().equals(name);
  }

  @SafeVarargs
  private static List<ReceivedSpan> awaitAll(String description, Predicate<ReceivedSpan>... which) {
    return RECEIVER.await(
        WAIT,
        spans -> {
          for (Predicate<ReceivedSpan> one : which) {
            if (spans.stream().noneMatch(one)) {
              return false;
            }
          }
          return true;
        },
        description);
  }

  private static ReceivedSpan find(List<ReceivedSpan> spans, Predicate<ReceivedSpan> which, String description) {
    return spans.stream().filter(which).findFirst().orElseThrow(() -> new AssertionError("no " + description + " in " + spans));
  }

  @Test
  void timerCallbackIsTheRootOfItsOwnTrace() throws Exception {
    Http.getOk(base, "api/timer");
    List<ReceivedSpan> spans = awaitAll("the timer's spans", named("GET /api/timer"), named("Alarm.ring"), work("timer"));
    ReceivedSpan request = find(spans, named("GET /api/timer"), "the request that set the timer");
    ReceivedSpan ring = find(spans, named("Alarm.ring"), "the timer callback's span");
    assertThat(ring.isRoot()).as("a timer callback starts a trace").isTrue();
    assertThat(ring.traceId()).isNotEqualTo(request.traceId());
    assertThat(ring.kind()).isEqualTo("INTERNAL");
    assertThat(ring.attribute("code.function.name")).isEqualTo("dev.tracery.it.timer.Alarm.ring");
    assertThat(find(spans, work("timer"), "work in the callback").isChildOf(ring)).isTrue();
  }
}
