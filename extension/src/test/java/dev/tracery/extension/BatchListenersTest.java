package dev.tracery.extension;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.Traced;
import dev.tracery.interceptors.BatchJobListener;
import dev.tracery.interceptors.BatchStepListener;
import dev.tracery.interceptors.BatchTracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import jakarta.batch.api.listener.JobListener;
import jakarta.batch.api.listener.StepListener;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Tracery's Jakarta Batch listeners as a batch runtime uses them: looked up by the name a job XML
 * gives, created while the runtime's producers know the job and step, called before and after on
 * the job's thread. (The real runtimes, JBeret and JBatch, are for {@code BatchIT}.)
 */
class BatchListenersTest {

  /**
   * The job and step the test is "running", as a runtime's producers would give them (no client
   * proxy: the test sets their fields).
   */
  @Singleton
  public static class Running {
    TestJob job = new TestJob("orderExport", 41, 7);
    TestStep step = new TestStep("export", 99);

    @Produces
    @Dependent
    JobContext job() {
      return job;
    }

    @Produces
    @Dependent
    StepContext step() {
      return step;
    }
  }

  @ApplicationScoped
  public static class Exporter {
    @Traced
    public void export() {}
  }

  private static <T> T listener(TestApp app, String name, Class<T> type) {
    BeanManager beanManager = app.bean(BeanManager.class);
    Set<Bean<?>> beans = beanManager.getBeans(name);
    assertThat(beans).as("beans named " + name).hasSize(1);
    Bean<?> bean = beanManager.resolve(beans);
    return type.cast(
        beanManager.getReference(bean, type, beanManager.createCreationalContext(bean)));
  }

  private static SpanData span(TestApp app, String name) {
    return app.spans().stream()
        .filter(span -> span.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + app.spans()));
  }

  @Test
  void jobIsARootSpanAndItsStepAChildCurrentWhileItRuns() throws Exception {
    try (TestApp app = TestApp.enabled(Running.class, Exporter.class)) {
      JobListener job = listener(app, "traceryJobListener", JobListener.class);
      StepListener step = listener(app, "traceryStepListener", StepListener.class);
      Span request = app.bean(OpenTelemetry.class).getTracer("test").spanBuilder("GET").startSpan();
      try (Scope ignored = Context.current().with(request).makeCurrent()) {
        job.beforeJob();
        Span jobSpan = Span.current();
        step.beforeStep();
        assertThat(Span.current().getSpanContext()).isNotEqualTo(jobSpan.getSpanContext());
        app.bean(Exporter.class).export();
        app.bean(Running.class).step.status = BatchStatus.STARTED;
        app.bean(Running.class).step.exitStatus = "EXPORTED";
        step.afterStep();
        assertThat(Span.current().getSpanContext()).isEqualTo(jobSpan.getSpanContext());
        job.afterJob();
        assertThat(Span.current().getSpanContext())
            .as("the starter's context is back")
            .isEqualTo(request.getSpanContext());
      } finally {
        request.end();
      }
      assertThat(Span.current().getSpanContext().isValid()).isFalse();

      SpanData jobSpan = span(app, "orderExport");
      SpanData stepSpan = span(app, "orderExport.export");
      assertThat(jobSpan)
          .hasKind(SpanKind.INTERNAL)
          .hasNoParent()
          .hasAttribute(BatchTracing.JOB_NAME, "orderExport")
          .hasAttribute(BatchTracing.JOB_EXECUTION_ID, 41L)
          .hasAttribute(BatchTracing.JOB_INSTANCE_ID, 7L)
          .hasAttribute(BatchTracing.STATUS, "COMPLETED")
          .hasStatus(StatusData.unset());
      assertThat(jobSpan.getInstrumentationScopeInfo().getName()).isEqualTo("dev.tracery.batch");
      assertThat(jobSpan.getTraceId()).isNotEqualTo(request.getSpanContext().getTraceId());
      assertThat(jobSpan.getLinks())
          .as("linked to the span that started the job")
          .anySatisfy(
              link -> assertThat(link.getSpanContext()).isEqualTo(request.getSpanContext()));
      assertThat(stepSpan)
          .hasKind(SpanKind.INTERNAL)
          .hasParent(jobSpan)
          .hasAttribute(BatchTracing.STEP_NAME, "export")
          .hasAttribute(BatchTracing.STEP_EXECUTION_ID, 99L)
          .hasAttribute(BatchTracing.EXIT_STATUS, "EXPORTED")
          .hasAttribute(BatchTracing.STATUS, "COMPLETED");
      assertThat(span(app, "Exporter.export")).hasParent(stepSpan);
    }
  }

  @Test
  void failedStepRecordsItsExceptionAndFailsTheJob() throws Exception {
    try (TestApp app = TestApp.enabled(Running.class)) {
      JobListener job = listener(app, "traceryJobListener", JobListener.class);
      StepListener step = listener(app, "traceryStepListener", StepListener.class);
      job.beforeJob();
      step.beforeStep();
      Running running = app.bean(Running.class);
      running.step.status = BatchStatus.FAILED;
      running.step.exception = new IllegalStateException("gone");
      step.afterStep();
      running.job.status = BatchStatus.FAILED;
      job.afterJob();

      assertThat(span(app, "orderExport.export"))
          .hasStatus(StatusData.error())
          .hasAttribute(BatchTracing.STATUS, "FAILED")
          .hasAttribute(AttributeKey.stringKey("error.type"), "java.lang.IllegalStateException")
          .hasException(running.step.exception);
      assertThat(span(app, "orderExport"))
          .hasAttribute(BatchTracing.STATUS, "FAILED")
          .satisfies(
              span -> assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));
      assertThat(Span.current().getSpanContext().isValid()).isFalse();
    }
  }

  @Test
  void jobParametersCarryingATraceContextBecomeALink() throws Exception {
    try (TestApp app = TestApp.enabled(Running.class)) {
      OpenTelemetry openTelemetry = app.bean(OpenTelemetry.class);
      Span starter = openTelemetry.getTracer("test").spanBuilder("start").startSpan();
      starter.end();
      Properties parameters = new Properties();
      openTelemetry
          .getPropagators()
          .getTextMapPropagator()
          .inject(Context.root().with(starter), parameters, Properties::setProperty);
      TestJobOperator.PARAMETERS.put(41L, parameters);
      try {
        JobListener job = listener(app, "traceryJobListener", JobListener.class);
        job.beforeJob();
        job.afterJob();
      } finally {
        TestJobOperator.PARAMETERS.remove(41L);
      }
      SpanData jobSpan = span(app, "orderExport");
      assertThat(jobSpan).hasNoParent();
      assertThat(jobSpan.getLinks())
          .singleElement()
          .satisfies(
              link ->
                  assertThat(link.getSpanContext().getSpanId())
                      .isEqualTo(starter.getSpanContext().getSpanId()));
    }
  }

  /**
   * A step of a {@code <split>} flow starts on another thread, where the job's span is not current:
   * it is still the job's child, and that thread has no context after the step.
   */
  @Test
  void stepOnAnotherThreadIsAChildOfItsJob() throws Exception {
    try (TestApp app = TestApp.enabled(Running.class)) {
      JobListener job = listener(app, "traceryJobListener", JobListener.class);
      job.beforeJob();
      ExecutorService flows = Executors.newSingleThreadExecutor();
      try {
        flows
            .submit(
                () -> {
                  StepListener step = listener(app, "traceryStepListener", StepListener.class);
                  step.beforeStep();
                  step.afterStep();
                  assertThat(Span.current().getSpanContext().isValid()).isFalse();
                  return null;
                })
            .get(10, TimeUnit.SECONDS);
      } finally {
        flows.shutdownNow();
        job.afterJob();
      }
      assertThat(span(app, "orderExport.export")).hasParent(span(app, "orderExport"));
    }
  }

  /**
   * A server that scans Tracery's jar (Payara) finds the listener and BatchTracing classes too: the
   * extension's listeners and its BatchTracing bean stay the only ones, and the job is traced.
   */
  @Test
  void jobIsTracedWhereTheServerAlsoScansTracerysJar() throws Exception {
    try (TestApp app =
        TestApp.enabled(
            Running.class, BatchJobListener.class, BatchStepListener.class, BatchTracing.class)) {
      assertThat(app.select(BatchTracing.class).isResolvable()).isTrue();
      JobListener job = listener(app, BatchJobListener.NAME, JobListener.class);
      StepListener step = listener(app, BatchStepListener.NAME, StepListener.class);
      job.beforeJob();
      step.beforeStep();
      app.bean(Running.class).step.status = BatchStatus.STARTED;
      step.afterStep();
      job.afterJob();
      assertThat(span(app, "orderExport.export")).hasParent(span(app, "orderExport"));
    }
  }

  @Test
  void listenersAreThereAndDoNothingWhileTracingIsOff() throws Exception {
    try (TestApp app = TestApp.builder().beans(Running.class).start()) {
      JobListener job = listener(app, "traceryJobListener", JobListener.class);
      StepListener step = listener(app, "traceryStepListener", StepListener.class);
      job.beforeJob();
      step.beforeStep();
      assertThat(Span.current().getSpanContext().isValid()).isFalse();
      step.afterStep();
      job.afterJob();
      assertThat(app.select(BatchTracing.class).isResolvable()).isFalse();
      assertThat(app.spans()).isEmpty();
    }
  }

  @Test
  void listenersDeployWhereNoBatchRuntimeProvidesContexts() throws Exception {
    try (TestApp app = TestApp.enabled()) {
      JobListener job = listener(app, BatchJobListener.NAME, JobListener.class);
      StepListener step = listener(app, BatchStepListener.NAME, StepListener.class);
      job.beforeJob();
      step.beforeStep();
      step.afterStep();
      job.afterJob();
      assertThat(app.spans()).isEmpty();
    }
  }

  static final class TestJob implements JobContext {
    final String name;
    final long executionId;
    final long instanceId;
    volatile BatchStatus status = BatchStatus.STARTED;
    volatile String exitStatus;

    TestJob(String name, long executionId, long instanceId) {
      this.name = name;
      this.executionId = executionId;
      this.instanceId = instanceId;
    }

    @Override
    public String getJobName() {
      return name;
    }

    @Override
    public Object getTransientUserData() {
      return null;
    }

    @Override
    public void setTransientUserData(Object data) {}

    @Override
    public long getInstanceId() {
      return instanceId;
    }

    @Override
    public long getExecutionId() {
      return executionId;
    }

    @Override
    public Properties getProperties() {
      return new Properties();
    }

    @Override
    public BatchStatus getBatchStatus() {
      return status;
    }

    @Override
    public String getExitStatus() {
      return exitStatus;
    }

    @Override
    public void setExitStatus(String status) {
      exitStatus = status;
    }
  }

  static final class TestStep implements StepContext {
    final String name;
    final long executionId;
    volatile BatchStatus status = BatchStatus.STARTED;
    volatile String exitStatus;
    volatile Exception exception;

    TestStep(String name, long executionId) {
      this.name = name;
      this.executionId = executionId;
    }

    @Override
    public String getStepName() {
      return name;
    }

    @Override
    public Object getTransientUserData() {
      return null;
    }

    @Override
    public void setTransientUserData(Object data) {}

    @Override
    public long getStepExecutionId() {
      return executionId;
    }

    @Override
    public Properties getProperties() {
      return new Properties();
    }

    @Override
    public Serializable getPersistentUserData() {
      return null;
    }

    @Override
    public void setPersistentUserData(Serializable data) {}

    @Override
    public BatchStatus getBatchStatus() {
      return status;
    }

    @Override
    public String getExitStatus() {
      return exitStatus;
    }

    @Override
    public void setExitStatus(String status) {
      exitStatus = status;
    }

    @Override
    public Exception getException() {
      return exception;
    }

    @Override
    public Metric[] getMetrics() {
      return new Metric[0];
    }
  }

  /**
   * What {@code BatchRuntime.getJobOperator()} finds here (META-INF/services): only the job
   * parameters are asked of it.
   */
  public static final class TestJobOperator implements JobOperator {
    static final Map<Long, Properties> PARAMETERS = new ConcurrentHashMap<>();

    @Override
    public Properties getParameters(long executionId) {
      return PARAMETERS.get(executionId);
    }

    @Override
    public Set<String> getJobNames() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int getJobInstanceCount(String jobName) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<JobInstance> getJobInstances(String jobName, int start, int count) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Long> getRunningExecutions(String jobName) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long start(String jobXmlName, Properties jobParameters) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long restart(long executionId, Properties restartParameters) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void stop(long executionId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void abandon(long executionId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public JobInstance getJobInstance(long executionId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<JobExecution> getJobExecutions(JobInstance instance) {
      throw new UnsupportedOperationException();
    }

    @Override
    public JobExecution getJobExecution(long executionId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<StepExecution> getStepExecutions(long jobExecutionId) {
      throw new UnsupportedOperationException();
    }
  }
}
