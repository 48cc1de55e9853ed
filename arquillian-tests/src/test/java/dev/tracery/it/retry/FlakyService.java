package dev.tracery.it.retry;

import dev.tracery.Traced;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.faulttolerance.Retry;

/** Fails twice, then answers: MicroProfile Fault Tolerance retries it. */
@ApplicationScoped
public class FlakyService {

  private final AtomicInteger calls = new AtomicInteger();

  @Traced
  @Retry(maxRetries = 3, delay = 10, jitter = 0)
  public String fetch(String what) {
    if (calls.incrementAndGet() % 3 != 0) {
      throw new IllegalStateException("flaky " + what);
    }
    return "fetched " + what;
  }
}
