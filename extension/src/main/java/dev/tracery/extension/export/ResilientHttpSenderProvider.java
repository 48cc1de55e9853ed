package dev.tracery.extension.export;

import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Gives OpenTelemetry's OTLP/HTTP exporter Tracery's {@link ResilientHttpSender} instead of a
 * sender of its own. Handed over through Tracery's component loader, one instance per application.
 */
final class ResilientHttpSenderProvider implements HttpSenderProvider {

  private final ExportPipeline pipeline;
  private final List<ResilientHttpSender> senders = new CopyOnWriteArrayList<>();

  /** Whose disk buffer the span sender keeps; set once the resource is known, before any sender. */
  private volatile BufferOwner bufferOwner;

  private boolean bufferGiven;

  ResilientHttpSenderProvider(ExportPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public HttpSender createSender(HttpSenderConfig config) {
    ResilientHttpSender sender = new ResilientHttpSender(config, pipeline, bufferOwnerFor(config));
    senders.add(sender);
    return sender;
  }

  void bufferOwner(BufferOwner owner) {
    this.bufferOwner = owner;
  }

  /**
   * The disk buffer goes to one sender only, the span exporter's: it holds span requests and takes
   * the directory's lock. A metrics or logs OTLP exporter (off unless configured) gets none.
   */
  private synchronized BufferOwner bufferOwnerFor(HttpSenderConfig config) {
    if (pipeline.settings().bufferDirectory() == null || bufferGiven) {
      return null;
    }
    String path =
        config.getEndpoint() == null ? "" : String.valueOf(config.getEndpoint().getPath());
    if (path.endsWith("/v1/metrics") || path.endsWith("/v1/logs")) {
      return null;
    }
    bufferGiven = true;
    BufferOwner owner = bufferOwner;
    return owner != null ? owner : BufferOwner.of(null, null);
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
