package dev.tracery.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tracery.it.retry.FlakyService;
import dev.tracery.it.retry.RetryResource;
import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import java.net.URL;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MicroProfile Fault Tolerance's {@code @Retry} on a {@code @Traced} method: the method's span is
 * the operation, and each attempt is a child span with {@code tracery.retry.attempt} and {@code
 * tracery.retry.outcome}. Runs on Payara and on WildFly's standalone-microprofile.xml (SmallRye
 * Fault Tolerance, which needs the no-op Meter Tracery gives it there); standalone.xml has no Fault
 * Tolerance.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FaultToleranceRetryIT {

  static final OtlpReceiver RECEIVER = OtlpReceiver.start();

  @BeforeAll
  static void onlyWithFaultTolerance() {
    assumeTrue(
        Deployments.server().equals("payara") || Deployments.server().equals("wildfly-mp"),
        "needs MicroProfile Fault Tolerance: Payara and WildFly's standalone-microprofile.xml have it,"
            + " WildFly's standalone.xml has none (and the agent run is not about Tracery's spans)");
  }

  @Deployment(testable = false)
  static WebArchive war() {
    WebArchive war =
        Deployments.tracedWar(
                "retries",
                Map.of(
                    "tracery.enabled",
                    "true",
                    "otel.service.name",
                    "retries-" + Deployments.server(),
                    "otel.exporter.otlp.endpoint",
                    RECEIVER.endpoint(),
                    "otel.bsp.schedule.delay",
                    "100ms"))
            .addClasses(FlakyService.class, RetryResource.class);
    return war;
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  @ArquillianResource URL base;

  @Test
  void eachAttemptIsAChildSpanOfTheOperation() throws Exception {
    assertThat(Http.getOk(base, "api/retry?what=rates")).isEqualTo("fetched rates");

    List<ReceivedSpan> spans =
        RECEIVER.await(
            Duration.ofSeconds(30),
            s ->
                s.stream().filter(span -> span.name().equals("FlakyService.fetch")).count() >= 4
                    && s.stream().anyMatch(span -> span.name().equals("GET /api/retry")),
            "the operation span and three attempt spans of FlakyService.fetch");
    List<ReceivedSpan> fetches =
        spans.stream()
            .filter(s -> s.name().equals("FlakyService.fetch"))
            .collect(Collectors.toList());
    ReceivedSpan operation =
        fetches.stream()
            .filter(s -> s.attribute("tracery.retry.attempt") == null)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no operation span in " + fetches));
    ReceivedSpan server =
        spans.stream().filter(s -> s.name().equals("GET /api/retry")).findFirst().orElseThrow();
    assertThat(operation.isChildOf(server)).isTrue();
    assertThat(operation.attribute("tracery.retry.attempts")).isEqualTo(3L);
    assertThat(operation.attribute("tracery.retry.outcome")).isEqualTo("success");

    List<ReceivedSpan> attempts =
        fetches.stream()
            .filter(s -> s.attribute("tracery.retry.attempt") != null)
            .sorted(Comparator.comparing(s -> (Long) s.attribute("tracery.retry.attempt")))
            .collect(Collectors.toList());
    assertThat(attempts).hasSize(3);
    assertThat(attempts)
        .allSatisfy(
            a -> assertThat(a.isChildOf(operation)).as("attempt under the operation").isTrue());
    assertThat(attempts)
        .extracting(a -> a.attribute("tracery.retry.attempt"))
        .containsExactly(1L, 2L, 3L);
    assertThat(attempts)
        .extracting(a -> a.attribute("tracery.retry.outcome"))
        .containsExactly("failure", "failure", "success");
    assertThat(attempts.get(0).attribute("error.type"))
        .isEqualTo("java.lang.IllegalStateException");
  }
}
