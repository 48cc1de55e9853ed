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

  private final ExportSettings settings;
  private final ExportStatistics statistics;
  private final List<ResilientHttpSender> senders = new CopyOnWriteArrayList<>();

  ResilientHttpSenderProvider(ExportSettings settings, ExportStatistics statistics) {
    this.settings = settings;
    this.statistics = statistics;
  }

  @Override
  public HttpSender createSender(HttpSenderConfig config) {
    ResilientHttpSender sender = new ResilientHttpSender(config, settings, statistics);
    senders.add(sender);
    return sender;
  }

  void closeAll() {
    for (ResilientHttpSender sender : senders) {
      sender.shutdown();
    }
    senders.clear();
  }
}
