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
  /** Whose disk buffer the span sender keeps; set once the resource is known, before any sender. */
  private volatile BufferOwner bufferOwner;
  private boolean bufferGiven;

  ResilientHttpSenderProvider(ExportSettings settings, ExportStatistics statistics) {
    this.settings = settings;
    this.statistics = statistics;
  }

  @Override
  public HttpSender createSender(HttpSenderConfig config) {
    ResilientHttpSender sender = new ResilientHttpSender(config, settings, statistics, bufferOwnerFor(config));
    senders.add(sender);
    return sender;
  }

  void bufferOwner(BufferOwner owner) {
    this.bufferOwner = owner;
  }

  /**
   * The disk buffer goes to one sender only, the span exporter's: it holds span requests and takes the
   * directory's lock. A metrics or logs OTLP exporter (off unless configured) gets none.
   */
  private synchronized BufferOwner bufferOwnerFor(HttpSenderConfig config) {
    if (settings.bufferDirectory() == null || bufferGiven) {
      return null;
    }
    String path = config.getEndpoint() == null ? "" : String.valueOf(config.getEndpoint().getPath());
    if (path.endsWith("/v1/metrics") || path.endsWith("/v1/logs")) {
      return null;
    }
    bufferGiven = true;
    BufferOwner owner = bufferOwner;
    return owner != null ? owner : BufferOwner.of(null, null);
  }

  void closeAll() {
    for (ResilientHttpSender sender : senders) {
      sender.shutdown();
    }
    senders.clear();
  }
}
