package dev.tracery.it.batch;

import dev.tracery.it.async.Worker;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** Writes each chunk through a {@code @Traced} bean. */
@Named
@Dependent
public class NumberWriter extends AbstractItemWriter {

  @Inject Worker worker;

  @Override
  public void writeItems(List<Object> items) {
    worker.work("chunk");
  }
}
