package dev.tracery.it.app;

import dev.tracery.Traced;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

@ApplicationScoped
@Traced
public class Greeter {

  @Inject Punctuation punctuation;

  public String greet(@SpanAttribute("greeting.name") String name) {
    return punctuation.finish("hello " + name);
  }
}
