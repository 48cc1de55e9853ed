package dev.tracery.it.batch;

import dev.tracery.it.async.Worker;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** A batchlet step that fails the job. */
@Named
@Dependent
public class FailingBatchlet extends AbstractBatchlet {

  @Inject Worker worker;

  @Override
  public String process() {
    worker.work("failing");
    throw new IllegalStateException("the export target is gone");
  }
}
