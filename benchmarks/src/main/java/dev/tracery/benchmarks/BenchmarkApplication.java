package dev.tracery.benchmarks;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

@ApplicationPath("/api")
public class BenchmarkApplication extends Application {
  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(OrderResource.class);
  }
}
