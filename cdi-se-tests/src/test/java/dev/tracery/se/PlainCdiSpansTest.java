package dev.tracery.se;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Programmatic spans and a traced retry in a CDI container without JAX-RS (Weld SE with bean discovery),
 * as exported over OTLP/HTTP to a real endpoint; and, while tracing is off, only the block runs.
 */
class PlainCdiSpansTest {

  private OtlpReceiver receiver;

  @BeforeEach
  void startReceiver() {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void aRetriedCallIsExportedAsOperationAndAttemptSpans() throws Exception {
    try (PlainCdiApp app =
        PlainCdiApp.start(
            Map.of(
                "tracery.enabled", "true",
                "otel.exporter.otlp.endpoint", receiver.endpoint(),
                "otel.bsp.schedule.delay", "100ms"))) {
      assertThat(app.bean(Exchange.class).rate("EUR")).isEqualTo(1.08);

      List<ReceivedSpan> spans = receiver.await(Duration.ofSeconds(10), s -> s.size() >= 4, "four spans");
      assertThat(spans).hasSize(4);
      ReceivedSpan fetch = spans.stream().filter(s -> s.name().equals("fetch-rates")).findFirst().orElseThrow();
      List<ReceivedSpan> get = spans.stream().filter(s -> s.name().equals("GET /rates")).toList();
      ReceivedSpan operation = get.stream().filter(s -> s.isChildOf(fetch)).findFirst().orElseThrow();
      List<ReceivedSpan> attempts = get.stream().filter(s -> s.isChildOf(operation)).toList();

      assertThat(fetch.isRoot()).isTrue();
      assertThat(fetch.scope()).isEqualTo("dev.tracery.spans");
      assertThat(fetch.attribute("currency")).isEqualTo("EUR");
      assertThat(operation.kind()).isEqualTo("CLIENT");
      assertThat(operation.attribute("service.peer.name")).isEqualTo("rates");
      assertThat(operation.attribute("server.address")).isEqualTo("rates.example");
      assertThat(operation.attribute("tracery.retry.attempts")).isEqualTo(2L);
      assertThat(operation.attribute("tracery.retry.outcome")).isEqualTo("success");
      assertThat(operation.status()).isEqualTo("UNSET");
      assertThat(attempts).extracting(s -> s.attribute("tracery.retry.attempt")).containsExactlyInAnyOrder(1L, 2L);
      ReceivedSpan first = attempts.stream().filter(s -> s.attribute("tracery.retry.attempt").equals(1L)).findFirst().orElseThrow();
      assertThat(first.status()).isEqualTo("ERROR");
      assertThat(first.attribute("error.type")).isEqualTo("java.io.IOException");
      assertThat(first.attribute("tracery.retry.delay_ms")).isEqualTo(1L);
      assertThat(first.events()).contains("exception");
    }
  }

  @Test
  void whileTracingIsOffTheBlocksRunAndNothingIsExported() throws Exception {
    try (PlainCdiApp app =
        PlainCdiApp.start(Map.of("otel.exporter.otlp.endpoint", receiver.endpoint(), "otel.bsp.schedule.delay", "100ms"))) {
      Exchange exchange = app.bean(Exchange.class);
      assertThat(exchange.enabled()).isFalse();
      assertThat(exchange.rate("EUR")).isEqualTo(1.08);
    }
    assertThat(receiver.requests()).isEmpty();
  }
}
