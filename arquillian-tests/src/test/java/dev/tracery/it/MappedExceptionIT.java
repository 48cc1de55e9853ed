package dev.tracery.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.it.mapped.RefusedException;
import dev.tracery.it.mapped.RefusedMapper;
import dev.tracery.it.mapped.StockResource;
import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import java.net.URL;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An exception the application maps to a response is recorded on the SERVER span (an {@code
 * exception} event; a 409 is no error), thrown or completing a {@code CompletionStage}: on RESTEasy
 * (WildFly) through Tracery's method-injector hook, without intercepting the resource; on Jersey
 * (Payara) through the resource interceptor.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@DisabledIfSystemProperty(
    named = "tracery.server",
    matches = "wildfly-agent",
    disabledReason = "with the agent attached Tracery leaves HTTP to it")
class MappedExceptionIT {

  static final OtlpReceiver RECEIVER = OtlpReceiver.start();

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.tracedWar(
            "mapped",
            Map.of(
                "tracery.enabled",
                "true",
                "otel.exporter.otlp.endpoint",
                RECEIVER.endpoint(),
                "otel.bsp.schedule.delay",
                "100ms"))
        .addClasses(StockResource.class, RefusedException.class, RefusedMapper.class);
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  @ArquillianResource URL base;

  private static ReceivedSpan serverSpan(String name) {
    List<ReceivedSpan> spans =
        RECEIVER.await(
            Duration.ofSeconds(30),
            s -> s.stream().anyMatch(span -> span.name().equals(name)),
            "the span " + name);
    return spans.stream().filter(span -> span.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void thrownMappedExceptionIsRecorded() throws Exception {
    HttpResponse<String> response = Http.get(base, "api/stock/refuse");
    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.body()).isEqualTo("sold out");

    ReceivedSpan span = serverSpan("GET /api/stock/refuse");
    assertThat(span.status()).isEqualTo("UNSET");
    assertThat(span.events()).contains("exception");
  }

  @Test
  void mappedExceptionCompletingAStageIsRecorded() throws Exception {
    HttpResponse<String> response = Http.get(base, "api/stock/refuse-later");
    assertThat(response.statusCode()).isEqualTo(409);

    ReceivedSpan span = serverSpan("GET /api/stock/refuse-later");
    assertThat(span.status()).isEqualTo("UNSET");
    assertThat(span.events()).contains("exception");
  }
}
