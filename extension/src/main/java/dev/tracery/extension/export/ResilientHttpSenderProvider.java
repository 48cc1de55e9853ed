package dev.tracery.extension.export;

import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Gives OpenTelemetry's OTLP/HTTP exporter Tracery's {@link ResilientHttpSender} instead of a sender of
 * its own. Handed over through Tracery's component loader, one instance per application.
 */
final class ResilientHttpSenderProvider implements HttpSenderProvider {

  private final ExportPipeline pipeline;
  private final List<ResilientHttpSender> senders = new CopyOnWriteArrayList<>();

  ResilientHttpSenderProvider(ExportPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public HttpSender createSender(HttpSenderConfig config) {
    ResilientHttpSender sender = new ResilientHttpSender(config, pipeline);
    senders.add(sender);
    return sender;
  }

  /** The first sender made, for the shutdown line; null when there is none. */
  ResilientHttpSender first() {
    return senders.isEmpty() ? null : senders.get(0);
  }

  /** Shuts every sender down (idempotent); they stay listed so the shutdown line can name them. */
  void closeAll() {
    for (ResilientHttpSender sender : senders) {
      sender.shutdown();
    }
  }
}
