package dev.tracery.it.batch;

import dev.tracery.it.async.Worker;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** A batchlet step that calls a {@code @Traced} bean and sets an exit status. */
@Named
@Dependent
public class ExportBatchlet extends AbstractBatchlet {

  @Inject Worker worker;

  @Override
  public String process() {
    worker.work("batchlet");
    return "EXPORTED";
  }
}
