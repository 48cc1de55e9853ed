package dev.tracery.extension;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.Traced;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.enterprise.context.Dependent;
import org.junit.jupiter.api.Test;

/** What every span says about the application, and which spans are kept. */
class ResourceAndSamplingTest {

  @Dependent
  public static class Worker {
    @Traced
    public void work() {}
  }

  private static Resource resourceOf(TestApp app) {
    app.bean(Worker.class).work();
    SpanData span = app.spans().get(0);
    return span.getResource();
  }

  private static String attribute(Resource resource, String key) {
    return resource.getAttribute(AttributeKey.stringKey(key));
  }

  @Test
  void serviceNameVersionAndEnvironmentComeFromConfig() {
    try (TestApp app =
        TestApp.builder()
            .config("tracery.enabled", "true")
            .config("otel.service.name", "orders")
            .config(
                "otel.resource.attributes",
                "service.version=1.4.0,deployment.environment.name=staging")
            .beans(Worker.class)
            .start()) {
      Resource resource = resourceOf(app);
      assertThat(attribute(resource, "service.name")).isEqualTo("orders");
      assertThat(attribute(resource, "service.version")).isEqualTo("1.4.0");
      assertThat(attribute(resource, "deployment.environment.name")).isEqualTo("staging");
    }
  }

  @Test
  void serviceNameDefaultsToTheDeploymentNameNeverUnknownService() {
    try (TestApp app = TestApp.enabled(Worker.class)) {
      String serviceName = attribute(resourceOf(app), "service.name");
      assertThat(serviceName).isEqualTo(DeploymentName.find()).doesNotStartWith("unknown_service");
    }
  }

  @Test
  void hostOsRuntimeAndSdkAttributesAreDetected() {
    try (TestApp app = TestApp.enabled(Worker.class)) {
      Resource resource = resourceOf(app);
      assertThat(attribute(resource, "host.name")).isNotBlank();
      assertThat(attribute(resource, "os.type"))
          .isEqualTo(RuntimeResource.osType(System.getProperty("os.name")));
      assertThat(attribute(resource, "process.runtime.name"))
          .isEqualTo(System.getProperty("java.runtime.name"));
      assertThat(attribute(resource, "process.runtime.version"))
          .isEqualTo(System.getProperty("java.runtime.version"));
      assertThat(attribute(resource, "process.runtime.description"))
          .contains(System.getProperty("java.vm.name"));
      assertThat(attribute(resource, "telemetry.sdk.name")).isEqualTo("opentelemetry");
      assertThat(attribute(resource, "telemetry.sdk.language")).isEqualTo("java");
      assertThat(attribute(resource, "telemetry.sdk.version")).isEqualTo("1.63.0");
    }
  }

  @Test
  void configuredResourceAttributesWinOverDetectedOnes() {
    try (TestApp app =
        TestApp.builder()
            .config("tracery.enabled", "true")
            .config("otel.resource.attributes", "host.name=orders-1")
            .beans(Worker.class)
            .start()) {
      assertThat(attribute(resourceOf(app), "host.name")).isEqualTo("orders-1");
    }
  }

  @Test
  void environmentVariablesAndSystemPropertiesConfigureToo() {
    System.setProperty("otel.resource.attributes", "service.version=9.9");
    try (TestApp app =
        TestApp.builder()
            .config("tracery.enabled", "true")
            .env("OTEL_SERVICE_NAME", "from-env")
            .beans(Worker.class)
            .start()) {
      Resource resource = resourceOf(app);
      assertThat(attribute(resource, "service.name")).isEqualTo("from-env");
      assertThat(attribute(resource, "service.version")).isEqualTo("9.9");
    } finally {
      System.clearProperty("otel.resource.attributes");
    }
  }

  @Test
  void otelKeysTraceryDoesNotKnowReachTheApplicationsResourceProvider() {
    try (TestApp app =
        TestApp.builder()
            .config("tracery.enabled", "true")
            .config("otel.test.team", "payments")
            .beans(Worker.class)
            .start()) {
      assertThat(resourceOf(app).getAttribute(TeamResourceProvider.TEAM)).isEqualTo("payments");
    }
  }

  @Test
  void parentBasedRatioZeroKeepsNothing() {
    try (TestApp app =
        TestApp.builder()
            .config("tracery.enabled", "true")
            .config("otel.traces.sampler", "parentbased_traceidratio")
            .config("otel.traces.sampler.arg", "0")
            .beans(Worker.class)
            .start()) {
      for (int i = 0; i < 50; i++) {
        app.bean(Worker.class).work();
      }
      assertThat(app.spans()).isEmpty();
    }
  }

  @Test
  void parentBasedRatioOneKeepsEverything() {
    try (TestApp app =
        TestApp.builder()
            .config("tracery.enabled", "true")
            .config("otel.traces.sampler", "parentbased_traceidratio")
            .config("otel.traces.sampler.arg", "1.0")
            .beans(Worker.class)
            .start()) {
      for (int i = 0; i < 50; i++) {
        app.bean(Worker.class).work();
      }
      assertThat(app.spans()).hasSize(50);
    }
  }

  @Test
  void ratioSamplingIsDeterministicByTraceId() {
    try (TestApp app =
        TestApp.builder()
            .config("tracery.enabled", "true")
            .config("otel.traces.sampler", "traceidratio")
            .config("otel.traces.sampler.arg", "0.5")
            .beans(Worker.class)
            .start()) {
      for (int i = 0; i < 400; i++) {
        app.bean(Worker.class).work();
      }
      // Roughly half are kept; each kept trace id is one the ratio sampler admits.
      assertThat(app.spans().size()).isBetween(120, 280);
      long bound = (long) (0.5 * Long.MAX_VALUE);
      for (SpanData span : app.spans()) {
        long idLow = Math.abs(Long.parseUnsignedLong(span.getTraceId().substring(16), 16));
        assertThat(idLow).isLessThan(bound);
      }
    }
  }
}
