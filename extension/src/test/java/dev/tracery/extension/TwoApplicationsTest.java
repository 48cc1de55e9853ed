package dev.tracery.extension;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.Traced;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.enterprise.context.Dependent;
import org.junit.jupiter.api.Test;

/** Two applications in one JVM, as on one server: each its own config, SDK and resource. */
class TwoApplicationsTest {

  @Dependent
  public static class Worker {
    @Traced
    public void work() {}
  }

  @Test
  void eachApplicationHasItsOwnSdkAndConfigAndNeitherSetsTheGlobal() {
    try (TestApp orders =
            TestApp.builder()
                .isolated()
                .config("tracery.enabled", "true")
                .config("otel.service.name", "orders")
                .beans(Worker.class)
                .start();
        TestApp billing =
            TestApp.builder()
                .isolated()
                .config("tracery.enabled", "true")
                .config("otel.service.name", "billing")
                .config("otel.traces.sampler", "always_off")
                .beans(Worker.class)
                .start();
        TestApp off = TestApp.builder().isolated().beans(Worker.class).start()) {
      orders.bean(Worker.class).work();
      billing.bean(Worker.class).work();
      off.bean(Worker.class).work();

      assertThat(orders.spans())
          .singleElement()
          .satisfies(span -> assertThat(serviceName(span)).isEqualTo("orders"));
      assertThat(billing.spans()).isEmpty();
      assertThat(off.spans()).isEmpty();
      assertThat(orders.bean(OpenTelemetry.class)).isNotSameAs(billing.bean(OpenTelemetry.class));
      assertThat(GlobalOpenTelemetry.isSet()).isFalse();

      billing.close();
      orders.bean(Worker.class).work();
      assertThat(orders.spans()).hasSize(2);
    }
  }

  private static String serviceName(SpanData span) {
    return span.getResource().getAttribute(AttributeKey.stringKey("service.name"));
  }
}
