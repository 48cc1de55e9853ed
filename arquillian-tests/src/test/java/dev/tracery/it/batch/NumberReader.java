package dev.tracery.it.batch;

import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

/** Reads 1, 2, 3. */
@Named
@Dependent
public class NumberReader extends AbstractItemReader {

  private int next = 1;

  @Override
  public Object readItem() {
    return next <= 3 ? next++ : null;
  }
}
