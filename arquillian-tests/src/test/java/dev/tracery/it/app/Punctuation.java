package dev.tracery.it.app;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;

/** Uses OpenTelemetry's own annotation, as code written for MicroProfile Telemetry does. */
@ApplicationScoped
public class Punctuation {

  @WithSpan("punctuation.finish")
  public String finish(String sentence) {
    return sentence + "!";
  }
}
