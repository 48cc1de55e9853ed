package dev.tracery.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * WildFly with the OpenTelemetry Java agent attached and a WAR with Tracery switched on: Tracery
 * uses the agent's OpenTelemetry and makes no span the agent makes itself, so each request is one
 * SERVER span (the agent's), each @WithSpan call one span (the agent's), and @Traced calls
 * Tracery's spans in the agent's trace.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AgentIT {

  /**
   * The agent sends here (its -Dotel.exporter.otlp.endpoint, set in pom.xml before the server
   * starts).
   */
  static final OtlpReceiver RECEIVER = OtlpReceiver.start(Integer.getInteger("agent.otlp.port"));

  @Deployment(testable = false)
  static WebArchive war() {
    // The WAR's own exporter settings would point elsewhere: with the agent, Tracery does not use
    // them.
    return Deployments.tracedWar(
        "agent-greetings",
        Map.of("tracery.enabled", "true", "otel.exporter.otlp.endpoint", "http://127.0.0.1:9"));
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  @ArquillianResource URL base;

  @Test
  void eachRequestIsOneServerSpanAndTracedSpansJoinTheAgentsTrace() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(Http.getOk(base, "api/greeting?name=agent" + i))
          .isEqualTo("hello agent" + i + "!");
    }

    List<ReceivedSpan> spans =
        RECEIVER.await(
            Duration.ofSeconds(60),
            s ->
                s.stream().filter(span -> span.name().equals("Greeter.greet")).count() >= 3
                    && s.stream().filter(span -> "SERVER".equals(span.kind())).count() >= 6,
            "three requests and their downstream calls");
    Thread.sleep(
        1000); // anything doubled would arrive with the same batches; give stragglers a moment
    spans = RECEIVER.spans();
    String summary =
        spans.stream()
            .map(s -> s.kind() + " " + s.name() + " [" + s.scope() + "]")
            .collect(Collectors.joining("\n"));

    List<ReceivedSpan> greetingServers =
        spans.stream()
            .filter(
                s ->
                    "SERVER".equals(s.kind())
                        && String.valueOf(s.attribute("url.path")).endsWith("/api/greeting"))
            .collect(Collectors.toList());
    assertThat(greetingServers).as("one SERVER span per request:\n" + summary).hasSize(3);
    assertThat(spans)
        .as("no span from Tracery's JAX-RS filters:\n" + summary)
        .noneMatch(s -> "dev.tracery.jaxrs".equals(s.scope()));
    assertThat(spans.stream().filter(s -> s.name().equals("punctuation.finish")))
        .as("@WithSpan spans made once, by the agent:\n" + summary)
        .hasSize(3)
        .allMatch(s -> !s.scope().startsWith("dev.tracery"));
    for (ReceivedSpan server : greetingServers) {
      ReceivedSpan greet =
          spans.stream()
              .filter(s -> s.name().equals("Greeter.greet") && s.isChildOf(server))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "no Greeter.greet under " + server.spanId() + ":\n" + summary));
      assertThat(greet.scope()).isEqualTo("dev.tracery.interceptors");
      assertThat(greet.resourceAttribute("service.name")).isEqualTo("agent-wildfly");
    }
  }
}
