package dev.tracery.extension;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.baggage.BaggageEntry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The injectable {@link Baggage}: every call reads {@link Baggage#current()} at the moment of the
 * call, so a bean that injected it once always sees the baggage of the request or scope running
 * now. Stateless, shared by the whole application.
 */
final class CurrentBaggage implements Baggage {

  static final CurrentBaggage INSTANCE = new CurrentBaggage();

  private CurrentBaggage() {}

  @Override
  public int size() {
    return Baggage.current().size();
  }

  @Override
  public boolean isEmpty() {
    return Baggage.current().isEmpty();
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super BaggageEntry> consumer) {
    Baggage.current().forEach(consumer);
  }

  @Override
  public Map<String, BaggageEntry> asMap() {
    return Baggage.current().asMap();
  }

  @Override
  public String getEntryValue(String entryKey) {
    return Baggage.current().getEntryValue(entryKey);
  }

  @Override
  public BaggageEntry getEntry(String entryKey) {
    return Baggage.current().getEntry(entryKey);
  }

  @Override
  public BaggageBuilder toBuilder() {
    return Baggage.current().toBuilder();
  }

  @Override
  public Context storeInContext(Context context) {
    // Store the baggage that is current now, never this facade (see CurrentSpan#storeInContext).
    return Baggage.current().storeInContext(context);
  }

  @Override
  public Scope makeCurrent() {
    return Baggage.current().makeCurrent();
  }

  @Override
  public String toString() {
    return "CurrentBaggage{" + Baggage.current() + "}";
  }
}
