package dev.tracery.it.timer;

import dev.tracery.Traced;
import dev.tracery.it.async.Worker;
import jakarta.ejb.AsyncResult;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.concurrent.Future;

/** EJB asynchronous methods, traced and untraced. */
@Stateless
public class EjbTasks {

  @Inject Worker worker;

  @Asynchronous
  @Traced
  public Future<String> traced() {
    return new AsyncResult<>(worker.work("ejb-async-traced"));
  }

  @Asynchronous
  public Future<String> untraced() {
    return new AsyncResult<>(worker.work("ejb-async"));
  }
}
