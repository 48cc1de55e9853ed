package dev.tracery.interceptors;

import jakarta.batch.api.listener.StepListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Makes each step execution of a Jakarta Batch job a span, child of the job's span and current
 * while the step runs. A step names it in the job XML: {@code <listeners><listener
 * ref="traceryStepListener"/></listeners>} inside the {@code <step>}. Registered wherever the
 * Jakarta Batch API is present, also while tracing is off (then it does nothing). Never throws into
 * the batch runtime. Not for public use beyond its name.
 *
 * <p>The running span is kept in this instance between {@code beforeStep} and {@code afterStep},
 * which the runtime calls on the step's thread, as {@link BatchJobListener} does.
 */
@Named(BatchStepListener.NAME)
public class BatchStepListener implements StepListener {

  /** The name a job XML refers to. */
  public static final String NAME = "traceryStepListener";

  private final Instance<BatchTracing> tracing;
  private final JobContext job;
  private final StepContext step;
  private BatchTracing.Running running;

  /** The contexts through {@code Instance}, as {@link BatchJobListener} does. */
  @Inject
  public BatchStepListener(
      Instance<BatchTracing> tracing, Instance<JobContext> job, Instance<StepContext> step) {
    this.tracing = tracing;
    boolean on = tracing.isResolvable();
    this.job = on ? BatchTracing.fromRuntime(job) : null;
    this.step = on ? BatchTracing.fromRuntime(step) : null;
  }

  @Override
  public void beforeStep() {
    if (running != null || !tracing.isResolvable()) {
      return;
    }
    if (job == null || step == null) {
      BatchTracing.noContext(NAME);
      return;
    }
    try {
      running = tracing.get().startStep(job, step);
    } catch (RuntimeException | LinkageError e) {
      BatchTracing.failed("start the span of a batch step", e);
    }
  }

  @Override
  public void afterStep() {
    BatchTracing.Running ending = running;
    running = null;
    if (ending == null) {
      return;
    }
    try {
      tracing.get().endStep(ending, step);
    } catch (RuntimeException | LinkageError e) {
      BatchTracing.failed("end the span of a batch step", e);
    }
  }
}
