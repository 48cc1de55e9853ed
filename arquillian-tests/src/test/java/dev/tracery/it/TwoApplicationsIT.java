package dev.tracery.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two Tracery WARs side by side on one server keep their own service names, resources and SDKs. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TwoApplicationsIT {

  static final OtlpReceiver RECEIVER = OtlpReceiver.start();

  static WebArchive war(String name, String version) {
    return Deployments.tracedWar(
        name,
        Map.of(
            "tracery.enabled",
            "true",
            "otel.service.name",
            name,
            "otel.resource.attributes",
            "service.version=" + version,
            "otel.exporter.otlp.endpoint",
            RECEIVER.endpoint(),
            "otel.bsp.schedule.delay",
            "100ms"));
  }

  @Deployment(name = "billing", testable = false)
  static WebArchive billing() {
    return war("billing", "1.0");
  }

  @Deployment(name = "shipping", testable = false)
  static WebArchive shipping() {
    return war("shipping", "2.0");
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  @Test
  void eachApplicationKeepsItsOwnServiceNameAndSdk(
      @ArquillianResource @OperateOnDeployment("billing") URL billing,
      @ArquillianResource @OperateOnDeployment("shipping") URL shipping)
      throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(Http.getOk(billing, "api/greeting?name=b" + i)).isEqualTo("hello b" + i + "!");
      assertThat(Http.getOk(shipping, "api/greeting?name=s" + i)).isEqualTo("hello s" + i + "!");
    }

    List<ReceivedSpan> spans =
        RECEIVER.await(
            Duration.ofSeconds(30),
            s -> s.stream().filter(span -> span.name().equals("Greeter.greet")).count() >= 6,
            "six Greeter.greet spans");
    for (ReceivedSpan span : spans) {
      String path = (String) span.attribute("url.path");
      String name = (String) span.attribute("greeting.name");
      Object service = span.resourceAttribute("service.name");
      if ((path != null && path.startsWith("/billing/"))
          || (name != null && name.startsWith("b"))) {
        assertThat(service).as("service of %s", span.name()).isEqualTo("billing");
        assertThat(span.resourceAttribute("service.version")).isEqualTo("1.0");
      } else if ((path != null && path.startsWith("/shipping/"))
          || (name != null && name.startsWith("s"))) {
        assertThat(service).as("service of %s", span.name()).isEqualTo("shipping");
        assertThat(span.resourceAttribute("service.version")).isEqualTo("2.0");
      }
    }
    // Each application's spans come in its own export requests: two SDKs, two resources.
    assertThat(spans.stream().map(s -> s.resourceAttribute("service.name")).distinct())
        .containsExactlyInAnyOrder("billing", "shipping");
  }
}
