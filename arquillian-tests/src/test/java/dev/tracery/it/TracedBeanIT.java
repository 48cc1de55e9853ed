package dev.tracery.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A WAR that bundles Tracery and a @Traced bean, configured by its microprofile-config.properties,
 * deployed on a real server: its calls arrive as spans at the test's OTLP/HTTP endpoint.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TracedBeanIT {

  static final OtlpReceiver RECEIVER = OtlpReceiver.start();
  static final String SERVICE = "greetings-" + Deployments.server();

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.tracedWar(
        "greetings",
        Map.of(
            "tracery.enabled", "true",
            "otel.service.name", SERVICE,
            "otel.resource.attributes", "service.version=2.0.1,deployment.environment.name=it",
            "otel.exporter.otlp.endpoint", RECEIVER.endpoint(),
            "otel.bsp.schedule.delay", "100ms"));
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  @ArquillianResource URL base;

  @Test
  void tracedBeanCallsArriveAsSpansWithTheConfiguredServiceName() throws Exception {
    assertThat(Http.getOk(base, "api/greeting?name=ada")).isEqualTo("hello ada!");

    List<ReceivedSpan> spans =
        RECEIVER.await(Duration.ofSeconds(30), s -> s.size() >= 2, "Greeter.greet and punctuation.finish");

    ReceivedSpan greet = spans.stream().filter(s -> s.name().equals("Greeter.greet")).findFirst().orElseThrow();
    ReceivedSpan finish = spans.stream().filter(s -> s.name().equals("punctuation.finish")).findFirst().orElseThrow();
    assertThat(greet.kind()).isEqualTo("INTERNAL");
    assertThat(greet.scope()).isEqualTo("dev.tracery.interceptors");
    assertThat(greet.attribute("greeting.name")).isEqualTo("ada");
    assertThat(greet.attribute("code.function.name")).isEqualTo("dev.tracery.it.app.Greeter.greet");
    assertThat(finish.isChildOf(greet)).as("@WithSpan span is a child of the @Traced span").isTrue();
    assertThat(finish.endNanos()).isLessThanOrEqualTo(greet.endNanos());

    assertThat(greet.resourceAttribute("service.name")).isEqualTo(SERVICE);
    assertThat(greet.resourceAttribute("service.version")).isEqualTo("2.0.1");
    assertThat(greet.resourceAttribute("deployment.environment.name")).isEqualTo("it");
    assertThat(greet.resourceAttribute("telemetry.sdk.version")).isEqualTo("1.63.0");
    assertThat(greet.resourceAttribute("host.name")).isNotNull();
    assertThat(greet.resourceAttribute("os.type")).isNotNull();
    assertThat(greet.resourceAttribute("process.runtime.name")).isNotNull();
  }
}
