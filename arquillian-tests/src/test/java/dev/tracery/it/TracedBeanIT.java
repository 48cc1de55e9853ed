package dev.tracery.it;

import static dev.tracery.it.ReceivedSpans.find;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A WAR that bundles Tracery, configured by its microprofile-config.properties, on a real server: a
 * request into it that goes through a @Traced bean and out through a JAX-RS client to a second
 * endpoint arrives at the test's OTLP/HTTP endpoint as one trace: server span, @Traced span, client
 * span, server span, @WithSpan span.
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
        Deployments.exportingTo(
            RECEIVER,
            "greetings",
            "otel.resource.attributes",
            "service.version=2.0.1,deployment.environment.name=it"));
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  @ArquillianResource URL base;

  @Test
  void rxClientCallOnTheRuntimesOwnThreadsJoinsTheTrace() throws Exception {
    assertThat(Http.getOk(base, "api/greeting/rx?name=bob")).isEqualTo("hi bob!");

    List<ReceivedSpan> spans =
        RECEIVER.await(
            Duration.ofSeconds(30),
            s ->
                s.stream().anyMatch(span -> span.name().equals("Greeter.greetRx"))
                    && s.stream().filter(span -> span.name().equals("GET /api/punctuation")).count()
                        >= 1
                    && s.stream().anyMatch(span -> span.name().equals("GET /api/greeting/rx")),
            "the spans of GET /api/greeting/rx");
    ReceivedSpan greetRx =
        find(spans, s -> s.name().equals("Greeter.greetRx"), "@Traced span Greeter.greetRx");
    ReceivedSpan client =
        find(
            spans,
            s -> s.kind().equals("CLIENT") && s.isChildOf(greetRx),
            "client span under greetRx");
    ReceivedSpan downstream =
        find(
            spans,
            s -> s.name().equals("GET /api/punctuation") && s.isChildOf(client),
            "downstream span under the client span");
    assertThat(downstream.traceId()).isEqualTo(greetRx.traceId());
  }

  @Test
  void requestThroughTracedBeanAndClientIsOneTrace() throws Exception {
    assertThat(Http.getOk(base, "api/greeting?name=ada")).isEqualTo("hello ada!");

    List<ReceivedSpan> spans =
        RECEIVER.await(
            Duration.ofSeconds(30),
            s ->
                s.stream().anyMatch(span -> span.name().equals("GET /api/greeting"))
                    && s.stream().anyMatch(span -> span.name().equals("punctuation.finish")),
            "the spans of GET /api/greeting");

    ReceivedSpan greeting =
        find(spans, s -> s.name().equals("GET /api/greeting"), "server span GET /api/greeting");
    ReceivedSpan greet =
        find(spans, s -> s.name().equals("Greeter.greet"), "@Traced span Greeter.greet");
    ReceivedSpan client =
        find(spans, s -> s.kind().equals("CLIENT") && s.isChildOf(greet), "client span");
    ReceivedSpan punctuation =
        find(
            spans,
            s -> s.name().equals("GET /api/punctuation") && s.isChildOf(client),
            "server span GET /api/punctuation");
    ReceivedSpan finish =
        find(
            spans,
            s -> s.name().equals("punctuation.finish") && s.isChildOf(punctuation),
            "@WithSpan span");

    assertThat(greeting.kind()).isEqualTo("SERVER");
    assertThat(greeting.isRoot()).isTrue();
    assertThat(greet.isChildOf(greeting)).as("@Traced span is a child of the server span").isTrue();
    assertThat(client.isChildOf(greet)).as("client span is a child of the @Traced span").isTrue();
    assertThat(punctuation.isChildOf(client))
        .as("downstream server span is a child of the client span")
        .isTrue();
    assertThat(finish.isChildOf(punctuation))
        .as("@WithSpan span is a child of the downstream server span")
        .isTrue();

    assertThat(greeting.attribute("http.request.method")).isEqualTo("GET");
    assertThat(greeting.attribute("http.route")).isEqualTo("/api/greeting");
    assertThat(greeting.attribute("url.path")).isEqualTo("/greetings/api/greeting");
    assertThat(greeting.attribute("url.query"))
        .as("query recorded by default")
        .isEqualTo("name=ada");
    assertThat(greeting.attribute("http.response.status_code")).isEqualTo(200L);
    assertThat(greeting.scope()).isEqualTo("dev.tracery.jaxrs");
    assertThat(client.attribute("http.request.method")).isEqualTo("GET");
    assertThat((String) client.attribute("url.full"))
        .contains("/greetings/api/punctuation?sentence=");
    assertThat(client.attribute("http.response.status_code")).isEqualTo(200L);
    assertThat(greet.attribute("greeting.name")).isEqualTo("ada");
    assertThat(greet.attribute("code.function.name")).isEqualTo("dev.tracery.it.app.Greeter.greet");
    assertThat(greeting.endNanos()).isGreaterThanOrEqualTo(greet.endNanos());

    assertThat(greeting.resourceAttribute("service.name")).isEqualTo(SERVICE);
    assertThat(greeting.resourceAttribute("service.version")).isEqualTo("2.0.1");
    assertThat(greeting.resourceAttribute("deployment.environment.name")).isEqualTo("it");
    assertThat(greeting.resourceAttribute("telemetry.sdk.version")).isEqualTo("1.63.0");
    assertThat(greeting.resourceAttribute("host.name")).isNotNull();
    assertThat(greeting.resourceAttribute("os.type")).isNotNull();
    assertThat(greeting.resourceAttribute("process.runtime.name")).isNotNull();
  }
}
