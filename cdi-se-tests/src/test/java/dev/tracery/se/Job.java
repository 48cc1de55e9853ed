package dev.tracery.se;

import dev.tracery.Traced;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** A batch job: each run processes its records through {@link Step}; a bad record fails the run. */
@ApplicationScoped
@Traced
public class Job {

  @Inject Step step;

  public List<String> run(List<String> records) {
    List<String> done = new ArrayList<>();
    for (String record : records) {
      done.add(step.process(record));
    }
    return done;
  }

  /** Where no Tracery frame may be while tracing is off. */
  public StackTraceElement[] stackOfRun() {
    return new Throwable().getStackTrace();
  }
}
