package dev.tracery.extension.jaxrs;

import dev.tracery.Traced;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
@Traced
public class Inventory {
  public int count(@SpanAttribute("item.id") String id) {
    return id.length();
  }
}
