package dev.tracery.it.batch;

import dev.tracery.it.async.Worker;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The batchlet of a job without Tracery's listeners: shows what context a batch thread has. */
@Named
@Dependent
public class PlainBatchlet extends AbstractBatchlet {

  @Inject Worker worker;

  @Override
  public String process() {
    worker.work("plain");
    return "DONE";
  }
}
