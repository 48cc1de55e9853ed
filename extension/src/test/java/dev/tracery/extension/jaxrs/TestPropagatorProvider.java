package dev.tracery.extension.jaxrs;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurablePropagatorProvider;
import java.util.List;

/**
 * An application's own propagator, found through autoconfigure's SPI: header x-test-trace:
 * traceId:spanId.
 */
public class TestPropagatorProvider implements ConfigurablePropagatorProvider {

  static final String HEADER = "x-test-trace";

  @Override
  public TextMapPropagator getPropagator(ConfigProperties config) {
    return new TextMapPropagator() {
      @Override
      public List<String> fields() {
        return List.of(HEADER);
      }

      @Override
      public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
        SpanContext span = Span.fromContext(context).getSpanContext();
        if (span.isValid()) {
          setter.set(carrier, HEADER, span.getTraceId() + ":" + span.getSpanId());
        }
      }

      @Override
      public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
        String value = getter.get(carrier, HEADER);
        if (value == null || value.indexOf(':') < 0) {
          return context;
        }
        String[] ids = value.split(":");
        return context.with(
            Span.wrap(
                SpanContext.createFromRemoteParent(
                    ids[0], ids[1], TraceFlags.getSampled(), TraceState.getDefault())));
      }
    };
  }

  @Override
  public String getName() {
    return "test-trace";
  }
}
