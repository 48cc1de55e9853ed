package dev.tracery.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurablePropagatorProvider;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSamplerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the application supplies to the SDK (exporters, samplers) runs with the application's
 * context class loader on every thread (exporters, samplers, propagators), and the SDK's threads
 * keep none between calls. The exporter here fails as a CDI client proxy on Payara does when a
 * thread has no context class loader.
 */
class ApplicationClassLoaderTest {

  /** What a call saw: the thread's name and its context class loader. */
  record Call(String what, String thread, ClassLoader contextClassLoader) {}

  static final Queue<Call> CALLS = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void clear() {
    CALLS.clear();
  }

  private static void record(String what) {
    Thread thread = Thread.currentThread();
    ClassLoader loader = thread.getContextClassLoader();
    CALLS.add(new Call(what, thread.getName(), loader));
    if (loader == null) {
      throw new IllegalStateException("Thread's context class loader is null");
    }
  }

  /** {@code otel.traces.exporter=tccl-recording}. */
  public static class RecordingExporterProvider implements ConfigurableSpanExporterProvider {
    @Override
    public SpanExporter createExporter(ConfigProperties config) {
      return new SpanExporter() {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
          record("export");
          return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
          return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
          record("shutdown");
          return CompletableResultCode.ofSuccess();
        }
      };
    }

    @Override
    public String getName() {
      return "tccl-recording";
    }
  }

  /**
   * {@code otel.traces.sampler=tccl-recording}: samples everything, noting the loader it ran with.
   */
  public static class RecordingSamplerProvider implements ConfigurableSamplerProvider {
    @Override
    public Sampler createSampler(ConfigProperties config) {
      return new Sampler() {
        @Override
        public SamplingResult shouldSample(
            Context parentContext,
            String traceId,
            String name,
            SpanKind spanKind,
            Attributes attributes,
            List<LinkData> parentLinks) {
          record("sample " + name);
          return SamplingResult.recordAndSample();
        }

        @Override
        public String getDescription() {
          return "tccl-recording";
        }
      };
    }

    @Override
    public String getName() {
      return "tccl-recording";
    }
  }

  /** {@code otel.propagators=tccl-recording}: injects nothing, noting the loader it ran with. */
  public static class RecordingPropagatorProvider implements ConfigurablePropagatorProvider {
    @Override
    public TextMapPropagator getPropagator(ConfigProperties config) {
      return new TextMapPropagator() {
        @Override
        public Collection<String> fields() {
          return List.of();
        }

        @Override
        public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
          record("inject");
        }

        @Override
        public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
          record("extract");
          return context;
        }
      };
    }

    @Override
    public String getName() {
      return "tccl-recording";
    }
  }

  private static Call call(String what) {
    return CALLS.stream().filter(c -> c.what().equals(what)).findFirst().orElseThrow();
  }

  @Test
  void anApplicationExporterRunsOnTheSdkThreadWithTheApplicationsLoaderWhichTheThreadDoesNotKeep() {
    TestApp app =
        TestApp.builder()
            .isolated()
            .config("tracery.enabled", "true")
            .config("otel.traces.exporter", "tccl-recording")
            .config("otel.bsp.schedule.delay", "50")
            .start();
    ClassLoader applicationLoader;
    try {
      applicationLoader = appLoader(app);
      app.bean(OpenTelemetry.class).getTracer("test").spanBuilder("work").startSpan().end();

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> CALLS.stream().anyMatch(c -> c.what().equals("export")));
      Call export = call("export");
      assertThat(export.thread()).startsWith("BatchSpanProcessor_WorkerThread");
      assertThat(export.contextClassLoader()).isSameAs(applicationLoader);
      Thread worker = sdkThread(export.thread());
      // Between exports the worker thread holds no loader, so it cannot keep an undeployed
      // application.
      assertThat(worker.getContextClassLoader()).isNull();
    } finally {
      app.close();
    }
    assertThat(call("shutdown").contextClassLoader()).isSameAs(applicationLoader);
  }

  @Test
  void anApplicationSamplerRunsWithTheApplicationsLoaderOnAThreadWithoutOne() throws Exception {
    try (TestApp app =
        TestApp.builder()
            .isolated()
            .config("tracery.enabled", "true")
            .config("otel.traces.sampler", "tccl-recording")
            .start()) {
      OpenTelemetry openTelemetry = app.bean(OpenTelemetry.class);
      AtomicReference<ClassLoader> afterwards =
          new AtomicReference<>(Thread.currentThread().getContextClassLoader());
      Thread thread =
          new Thread(
              () -> {
                openTelemetry.getTracer("test").spanBuilder("on-a-bare-thread").startSpan().end();
                afterwards.set(Thread.currentThread().getContextClassLoader());
              });
      thread.setContextClassLoader(null);
      thread.start();
      thread.join(10_000);

      assertThat(call("sample on-a-bare-thread").contextClassLoader()).isSameAs(appLoader(app));
      assertThat(afterwards.get()).isNull();
      assertThat(app.spans()).extracting(SpanData::getName).contains("on-a-bare-thread");
    }
  }

  @Test
  void anApplicationPropagatorRunsWithTheApplicationsLoaderOnAThreadWithoutOne() throws Exception {
    try (TestApp app =
        TestApp.builder()
            .isolated()
            .config("tracery.enabled", "true")
            .config("otel.propagators", "tracecontext,tccl-recording")
            .start()) {
      TextMapPropagator propagator =
          app.bean(OpenTelemetry.class).getPropagators().getTextMapPropagator();
      AtomicReference<ClassLoader> afterwards =
          new AtomicReference<>(Thread.currentThread().getContextClassLoader());
      Thread thread =
          new Thread(
              () -> {
                Map<String, String> headers = new HashMap<>();
                propagator.inject(Context.root(), headers, Map::put);
                propagator.extract(Context.root(), headers, MAP_GETTER);
                afterwards.set(Thread.currentThread().getContextClassLoader());
              });
      thread.setContextClassLoader(null);
      thread.start();
      thread.join(10_000);

      assertThat(call("inject").contextClassLoader()).isSameAs(appLoader(app));
      assertThat(call("extract").contextClassLoader()).isSameAs(appLoader(app));
      assertThat(afterwards.get()).isNull();
    }
  }

  private static final TextMapGetter<Map<String, String>> MAP_GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  /** The class loader the application was deployed with (its own, as a second deployment's). */
  private static ClassLoader appLoader(TestApp app) {
    return app.classLoader();
  }

  private static Thread sdkThread(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(name) && t.isAlive())
        .findFirst()
        .orElseThrow();
  }
}
