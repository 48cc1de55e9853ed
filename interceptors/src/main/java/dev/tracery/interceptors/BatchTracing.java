package dev.tracery.interceptors;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.inject.Instance;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The work behind {@link BatchJobListener} and {@link BatchStepListener}, one instance per
 * application, a bean the extension adds in {@code AfterBeanDiscovery} only while tracing is on
 * (and only where the Jakarta Batch API is present): the tracer and the spans of the jobs that are
 * running. Not a bean of its own (no scope, no injectable constructor), so that it sits in the
 * extension's bean archive next to the {@code OpenTelemetry} bean, which every archive of the
 * application sees, and a server that scans Tracery's jar never finds a second one.
 *
 * <p>A job execution is the root span of a new trace named after the job ({@code orderExport});
 * each step execution is a child span named {@code {job}.{step}} ({@code orderExport.export}),
 * current while the step runs so that what the step calls (beans, JDBC, clients) is its child. A
 * step that starts on a thread where the job's span is not current (a step of a {@code <split>}
 * flow) is still made a child of its job's span, looked up by job execution id. Not for public use.
 */
public class BatchTracing {

  private static final Logger LOG = Logger.getLogger(BatchTracing.class.getName());

  /** The instrumentation scope of job and step spans. */
  public static final String INSTRUMENTATION_NAME = "dev.tracery.batch";

  /** The job's name: the {@code id} of its job XML (string). */
  public static final AttributeKey<String> JOB_NAME =
      AttributeKey.stringKey("tracery.batch.job.name");

  /** The job instance id (long). */
  public static final AttributeKey<Long> JOB_INSTANCE_ID =
      AttributeKey.longKey("tracery.batch.job.instance.id");

  /** The job execution id, as {@code JobOperator} knows it (long). */
  public static final AttributeKey<Long> JOB_EXECUTION_ID =
      AttributeKey.longKey("tracery.batch.job.execution.id");

  /** The step's name: its {@code id} in the job XML (string). */
  public static final AttributeKey<String> STEP_NAME =
      AttributeKey.stringKey("tracery.batch.step.name");

  /** The step execution id (long). */
  public static final AttributeKey<Long> STEP_EXECUTION_ID =
      AttributeKey.longKey("tracery.batch.step.execution.id");

  /**
   * The batch status when the job or step ended: {@code COMPLETED}, {@code FAILED}, {@code STOPPED}
   * (string).
   */
  public static final AttributeKey<String> STATUS = AttributeKey.stringKey("tracery.batch.status");

  /** The exit status the job or step set, when it set one (string). */
  public static final AttributeKey<String> EXIT_STATUS =
      AttributeKey.stringKey("tracery.batch.exit_status");

  /**
   * At most this many running jobs are remembered for parenting steps that run on other threads; a
   * job whose {@code afterJob} never runs (another listener's {@code beforeJob} threw) must not
   * grow the map without bound.
   */
  static final int MAX_RUNNING_JOBS = 1024;

  private static final PropertiesGetter PROPERTIES_GETTER = new PropertiesGetter();

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final ConcurrentHashMap<Long, SpanContext> runningJobs = new ConcurrentHashMap<>();

  /** For the extension, which builds the one instance of the application. */
  public BatchTracing(OpenTelemetry openTelemetry) {
    var builder = openTelemetry.getTracerProvider().tracerBuilder(INSTRUMENTATION_NAME);
    String version = BatchTracing.class.getPackage().getImplementationVersion();
    if (version != null) {
      builder.setInstrumentationVersion(version);
    }
    this.tracer = builder.build();
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
  }

  /**
   * The batch runtime's context for the artifact being created, or null. Every candidate is asked:
   * a runtime's producer returns null outside an artifact's creation, and a server may have more
   * than one producer visible to the application.
   */
  static <T> T fromRuntime(Instance<T> candidates) {
    if (candidates.isUnsatisfied()) {
      return null;
    }
    for (T candidate : candidates) {
      if (candidate != null) {
        return candidate;
      }
    }
    return null;
  }

  private static final AtomicBoolean NO_CONTEXT_LOGGED = new AtomicBoolean();

  /**
   * Says once per class loader that a listener ran without the runtime's job or step context: the
   * job is then not traced, and without this line nobody would know why.
   */
  static void noContext(String listener) {
    if (NO_CONTEXT_LOGGED.compareAndSet(false, true)) {
      LOG.info(
          "Tracery: "
              + listener
              + " ran without the batch runtime's JobContext/StepContext; this job is not traced");
    }
  }

  private static final AtomicBoolean FAILURE_LOGGED = new AtomicBoolean();

  /**
   * A listener could not start or end a span: the first time at WARNING with the exception, after
   * that at FINE. The job runs on either way.
   */
  static void failed(String what, Throwable failure) {
    Level level = FAILURE_LOGGED.compareAndSet(false, true) ? Level.WARNING : Level.FINE;
    if (LOG.isLoggable(level)) {
      LOG.log(level, "Tracery: could not " + what + "; the job runs on untraced", failure);
    }
  }

  /** A span that is current on the thread that started it, until {@link #end} closes it. */
  static final class Running {
    final Span span;
    final Scope scope;
    final Thread thread;
    final long jobExecutionId;

    Running(Span span, Scope scope, long jobExecutionId) {
      this.span = span;
      this.scope = scope;
      this.thread = Thread.currentThread();
      this.jobExecutionId = jobExecutionId;
    }
  }

  /**
   * Starts the job's root span and makes it current. Linked to the span that was current where the
   * job was started, when that context reached the batch thread or the job parameters carry it
   * ({@code parameters} is asked only while the span would record).
   */
  Running startJob(JobContext job, Supplier<Properties> parameters) {
    long executionId = job.getExecutionId();
    String name = job.getJobName();
    SpanBuilder builder =
        tracer
            .spanBuilder(name == null || name.isBlank() ? "job" : name)
            .setSpanKind(SpanKind.INTERNAL)
            .setNoParent()
            .setAttribute(JOB_NAME, name)
            .setAttribute(JOB_EXECUTION_ID, executionId)
            .setAttribute(JOB_INSTANCE_ID, job.getInstanceId());
    SpanContext starter = Span.current().getSpanContext();
    if (starter.isValid()) {
      builder.addLink(starter);
    }
    SpanContext fromParameters = fromParameters(parameters);
    if (fromParameters.isValid() && !fromParameters.getSpanId().equals(starter.getSpanId())) {
      builder.addLink(fromParameters);
    }
    Span span = builder.startSpan();
    if (span.getSpanContext().isValid() && runningJobs.size() < MAX_RUNNING_JOBS) {
      runningJobs.put(executionId, span.getSpanContext());
    }
    return new Running(span, Context.root().with(span).makeCurrent(), executionId);
  }

  private SpanContext fromParameters(Supplier<Properties> parameters) {
    try {
      Properties properties = parameters.get();
      if (properties == null || properties.isEmpty()) {
        return SpanContext.getInvalid();
      }
      return Span.fromContext(propagator.extract(Context.root(), properties, PROPERTIES_GETTER))
          .getSpanContext();
    } catch (RuntimeException | LinkageError e) {
      if (LOG.isLoggable(Level.FINE)) {
        LOG.log(Level.FINE, "Tracery: the job parameters could not be read", e);
      }
      return SpanContext.getInvalid();
    }
  }

  /**
   * Ends the job's span with the job's status as the batch runtime reports it in {@code afterJob}.
   */
  void endJob(Running running, JobContext job) {
    runningJobs.remove(running.jobExecutionId);
    end(running, job.getBatchStatus(), job.getExitStatus(), null);
  }

  /**
   * Starts the step's span, a child of the current span or, where none is current, of the span of
   * the step's job; makes it current.
   */
  Running startStep(JobContext job, StepContext step) {
    long jobExecutionId = job.getExecutionId();
    Context parent = Context.current();
    if (!Span.fromContext(parent).getSpanContext().isValid()) {
      SpanContext jobSpan = runningJobs.get(jobExecutionId);
      parent = jobSpan == null ? Context.root() : Context.root().with(Span.wrap(jobSpan));
    }
    String jobName = job.getJobName();
    String stepName = step.getStepName();
    Span span =
        tracer
            .spanBuilder(jobName + "." + stepName)
            .setSpanKind(SpanKind.INTERNAL)
            .setParent(parent)
            .setAttribute(JOB_NAME, jobName)
            .setAttribute(JOB_EXECUTION_ID, jobExecutionId)
            .setAttribute(STEP_NAME, stepName)
            .setAttribute(STEP_EXECUTION_ID, step.getStepExecutionId())
            .startSpan();
    return new Running(span, parent.with(span).makeCurrent(), jobExecutionId);
  }

  /** Ends the step's span with its status and, when it failed, the exception it failed with. */
  void endStep(Running running, StepContext step) {
    end(running, step.getBatchStatus(), step.getExitStatus(), step.getException());
  }

  private static void end(
      Running running, BatchStatus status, String exitStatus, Exception failure) {
    Span span = running.span;
    if (running.thread == Thread.currentThread()) {
      running.scope.close();
    } else if (LOG.isLoggable(Level.FINE)) {
      // The scope belongs to the other thread's context storage; closing it here would corrupt
      // this thread's. Seen only if a runtime calls before/after on different threads.
      LOG.fine("Tracery: a batch listener ended on another thread than it started on");
    }
    if (span.isRecording()) {
      String ended = endStatus(status);
      if (ended != null) {
        span.setAttribute(STATUS, ended);
      }
      if (exitStatus != null) {
        span.setAttribute(EXIT_STATUS, exitStatus);
      }
      if (status == BatchStatus.FAILED) {
        if (failure != null) {
          SpanEnd.recordFailure(span, failure);
        } else {
          span.setStatus(StatusCode.ERROR, exitStatus == null ? "FAILED" : exitStatus);
        }
      }
    }
    span.end();
  }

  /**
   * The status the job or step ends with. In {@code afterJob}/{@code afterStep} both runtimes still
   * report {@code STARTED} for one that is ending normally ({@code COMPLETED} is set after the
   * listeners), and {@code STOPPING} for one that is being stopped.
   */
  static String endStatus(BatchStatus status) {
    if (status == null) {
      return null;
    }
    switch (status) {
      case STARTED:
        return "COMPLETED";
      case STOPPING:
        return "STOPPED";
      default:
        return status.name();
    }
  }

  private static final class PropertiesGetter implements TextMapGetter<Properties> {
    @Override
    public Iterable<String> keys(Properties carrier) {
      return carrier.stringPropertyNames();
    }

    @Override
    public String get(Properties carrier, String key) {
      return carrier == null ? null : carrier.getProperty(key);
    }
  }
}
