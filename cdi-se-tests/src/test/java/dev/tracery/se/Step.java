package dev.tracery.se;

import dev.tracery.Traced;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * One step of {@link Job}: {@code @Traced} with its own span name, calling a {@code @WithSpan}
 * method.
 */
@ApplicationScoped
public class Step {

  @Inject Normalizer normalizer;

  @Traced(operationName = "process-record")
  public String process(@SpanAttribute("record.id") String record) {
    if (record.isBlank()) {
      throw new IllegalArgumentException("blank record");
    }
    return normalizer.normalize(record);
  }

  @ApplicationScoped
  public static class Normalizer {
    @WithSpan
    public String normalize(String record) {
      return record.trim().toUpperCase(java.util.Locale.ROOT);
    }
  }
}
