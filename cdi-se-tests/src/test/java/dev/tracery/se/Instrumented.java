package dev.tracery.se;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Code that uses the OpenTelemetry API through what Tracery makes injectable. */
@ApplicationScoped
public class Instrumented {

  @Inject OpenTelemetry openTelemetry;
  @Inject Tracer tracer;
  @Inject Span currentSpan;
  @Inject Baggage currentBaggage;

  /** A span made with the injected Tracer, annotated through the injected Span and Baggage. */
  public String importFile(String file) {
    Span span = tracer.spanBuilder("import-file").startSpan();
    Scope spanScope = span.makeCurrent();
    Scope baggageScope = Baggage.current().toBuilder().put("tenant", "acme").build().makeCurrent();
    try {
      currentSpan.setAttribute("file.path", file);
      currentSpan.setAttribute("tenant", currentBaggage.getEntryValue("tenant"));
      return currentSpan.getSpanContext().getTraceId();
    } finally {
      baggageScope.close();
      spanScope.close();
      span.end();
    }
  }

  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }
}
