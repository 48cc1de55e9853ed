package dev.tracery.se;

import dev.tracery.DomainAttributes;
import dev.tracery.RetryPolicy;
import dev.tracery.Spans;
import io.opentelemetry.api.trace.SpanKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** Fetches a rate from a remote service that fails the first time, through programmatic spans. */
@ApplicationScoped
public class Exchange {

  @Inject Spans spans;

  public double rate(String currency) throws IOException {
    return spans.call(
        "fetch-rates",
        SpanKind.INTERNAL,
        Map.of("currency", currency),
        () ->
            spans.retry(
                "GET /rates",
                SpanKind.CLIENT,
                Map.of(
                    DomainAttributes.SERVICE_PEER_NAME.getKey(),
                    "rates",
                    DomainAttributes.SERVER_ADDRESS.getKey(),
                    "rates.example"),
                RetryPolicy.of(3, Duration.ofMillis(1)),
                attempt -> {
                  if (attempt == 1) {
                    throw new IOException("connection reset");
                  }
                  return 1.08;
                }));
  }

  public boolean enabled() {
    return spans.isEnabled();
  }
}
