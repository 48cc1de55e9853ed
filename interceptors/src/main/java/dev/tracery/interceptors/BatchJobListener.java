package dev.tracery.interceptors;

import jakarta.batch.api.listener.JobListener;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Makes each execution of a Jakarta Batch job the root span of a new trace, current while the job
 * runs. A job names it in its XML: {@code <listeners><listener
 * ref="traceryJobListener"/></listeners>}. Registered by the extension wherever the Jakarta Batch
 * API is present, also while tracing is off (then it does nothing), so that a job naming it never
 * fails to load. Never throws into the batch runtime. Not for public use beyond its name.
 *
 * <p>The running span is kept in this instance between {@code beforeJob} and {@code afterJob}: the
 * runtime makes one listener instance per job execution and calls both on the job's thread, and a
 * job whose {@code afterJob} never runs then leaves nothing reachable behind.
 */
@Named(BatchJobListener.NAME)
public class BatchJobListener implements JobListener {

  /** The name a job XML refers to. */
  public static final String NAME = "traceryJobListener";

  private final Instance<BatchTracing> tracing;
  private final JobContext job;
  private BatchTracing.Running running;

  /**
   * The job context through {@code Instance}: where no batch runtime provides one (the API on the
   * class path of a plain CDI application, a server profile without batch), a plain injection point
   * would fail the deployment. Resolved here, while the runtime creates the listener: that is when
   * its producer knows the job.
   */
  @Inject
  public BatchJobListener(Instance<BatchTracing> tracing, Instance<JobContext> job) {
    this.tracing = tracing;
    this.job = tracing.isResolvable() ? BatchTracing.fromRuntime(job) : null;
  }

  @Override
  public void beforeJob() {
    if (running != null || !tracing.isResolvable()) {
      return;
    }
    if (job == null) {
      BatchTracing.noContext(NAME);
      return;
    }
    try {
      running =
          tracing
              .get()
              .startJob(
                  job, () -> BatchRuntime.getJobOperator().getParameters(job.getExecutionId()));
    } catch (RuntimeException | LinkageError e) {
      BatchTracing.failed("start the span of a batch job", e);
    }
  }

  @Override
  public void afterJob() {
    BatchTracing.Running ending = running;
    running = null;
    if (ending == null) {
      return;
    }
    try {
      tracing.get().endJob(ending, job);
    } catch (RuntimeException | LinkageError e) {
      BatchTracing.failed("end the span of a batch job", e);
    }
  }
}
