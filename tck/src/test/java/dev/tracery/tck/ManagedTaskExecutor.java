package dev.tracery.tck;

import java.util.concurrent.Executor;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The executor the TCK's asynchronous JAX-RS resources hand their work to ({@code
 * telemetry.tck.executor}): the server's default managed executor, as an application would use it.
 * Added to every TCK deployment.
 */
public class ManagedTaskExecutor implements Executor {

  @Override
  public void execute(Runnable command) {
    Executor executor;
    try {
      executor = (Executor) new InitialContext().lookup("java:comp/DefaultManagedExecutorService");
    } catch (NamingException e) {
      throw new IllegalStateException("No default managed executor service", e);
    }
    executor.execute(command);
  }
}
