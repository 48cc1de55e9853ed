package dev.tracery.extension;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.Traced;
import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import jakarta.enterprise.context.Dependent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The default exporter, OTLP over HTTP with the JDK's HttpClient, against a real OTLP endpoint. */
class OtlpExportTest {

  @Dependent
  public static class Checkout {
    @Traced
    public void pay() {}
  }

  private OtlpReceiver receiver;

  @BeforeEach
  void startReceiver() {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  private TestApp.Builder otlpApp() {
    return TestApp.builder()
        .config("tracery.enabled", "true")
        .config("otel.traces.exporter", "otlp")
        .config("otel.service.name", "checkout")
        .config("otel.exporter.otlp.endpoint", receiver.endpoint())
        .config("otel.bsp.schedule.delay", "100ms")
        .beans(Checkout.class);
  }

  @Test
  void exportsSpansOverOtlpHttpProtobufByDefault() {
    try (TestApp app = otlpApp().start()) {
      app.bean(Checkout.class).pay();

      List<ReceivedSpan> spans =
          receiver.await(Duration.ofSeconds(10), s -> !s.isEmpty(), "one span");
      assertThat(spans)
          .singleElement()
          .satisfies(
              span -> {
                assertThat(span.name()).isEqualTo("Checkout.pay");
                assertThat(span.resourceAttribute("service.name")).isEqualTo("checkout");
                assertThat(span.scope()).isEqualTo("dev.tracery.interceptors");
              });
      assertThat(receiver.requests().get(0).headers().get("Content-type"))
          .containsExactly("application/x-protobuf");
    }
  }

  @Test
  void sendsConfiguredHeadersAndGzip() {
    try (TestApp app =
        otlpApp()
            .config("otel.exporter.otlp.headers", "Authorization=Bearer t0ken")
            .config("otel.exporter.otlp.compression", "gzip")
            .start()) {
      app.bean(Checkout.class).pay();

      receiver.await(Duration.ofSeconds(10), s -> !s.isEmpty(), "one span");
      OtlpReceiver.RequestRecord request = receiver.requests().get(0);
      assertThat(request.headers().get("Authorization")).containsExactly("Bearer t0ken");
      assertThat(request.headers().get("Content-encoding")).containsExactly("gzip");
    }
  }

  @Test
  void flushesToTheEndpointWhenTheApplicationStops() {
    TestApp app = otlpApp().config("otel.bsp.schedule.delay", "30s").start();
    app.bean(Checkout.class).pay();
    app.bean(Checkout.class).pay();
    assertThat(receiver.spans()).isEmpty();

    app.close();

    assertThat(receiver.spans()).hasSize(2);
  }
}
