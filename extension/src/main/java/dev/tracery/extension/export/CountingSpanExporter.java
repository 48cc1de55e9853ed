package dev.tracery.extension.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Around every configured exporter. For the exporter whose outcome the span counts report (see
 * {@link ExportPipeline}): makes each export a {@link SpanBatch} and hands it to Tracery's sender,
 * which counts its outcome when its delivery ends, or, for an exporter that does not use that
 * sender, settles it itself when the export completes; and writes the drop summary. For the others
 * (console, a second exporter): counts per exporter. An exporter that throws, the application's own
 * included, is never silent: its spans are counted as failed, and one line a minute at most says
 * how many exports failed and why. Never throws.
 */
final class CountingSpanExporter implements SpanExporter {

  private static final Logger LOG = Logger.getLogger(CountingSpanExporter.class.getName());
  private static final String CONSOLE_EXPORTER =
      "io.opentelemetry.exporter.logging.LoggingSpanExporter";

  private final SpanExporter delegate;
  private final ExportPipeline pipeline;
  private final String name;
  private final String delegateClassName;
  private final ThrottledFailureLog failures;

  CountingSpanExporter(SpanExporter delegate, Class<?> configured, ExportPipeline pipeline) {
    this.delegate = delegate;
    this.pipeline = pipeline;
    this.delegateClassName = configured.getName();
    this.name = nameOf(delegateClassName, configured.getSimpleName());
    this.failures = new ThrottledFailureLog(pipeline.settings().nanoTime);
  }

  /** The name a user configured it by, where Tracery knows it; else the exporter's class name. */
  private static String nameOf(String className, String simpleName) {
    switch (className) {
      case ExportPipeline.OTLP_HTTP_EXPORTER:
      case "io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter":
        return "otlp";
      case CONSOLE_EXPORTER:
        return "console";
      case "io.opentelemetry.exporter.zipkin.ZipkinSpanExporter":
        return "zipkin";
      case "io.opentelemetry.exporter.logging.otlp.OtlpJsonLoggingSpanExporter":
      case "io.opentelemetry.exporter.logging.otlp.internal.traces.OtlpStdoutSpanExporter":
        return "logging-otlp";
      default:
        return simpleName.isEmpty() ? className : simpleName;
    }
  }

  String name() {
    return name;
  }

  String delegateClassName() {
    return delegateClassName;
  }

  /**
   * The console exporter: autoconfigure gives it a processor of its own that exports each span at
   * once.
   */
  boolean printsSynchronously() {
    return delegateClassName.equals(CONSOLE_EXPORTER);
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    if (pipeline.countedExporter() != this) {
      return exportCountedApart(spans);
    }
    String summary = pipeline.dropSummary();
    if (summary != null) {
      LOG.warning(summary);
    }
    SpanBatch batch = pipeline.statistics().batch(spans.size());
    CompletableResultCode result;
    pipeline.handOff(batch);
    try {
      result = delegateExport(spans);
    } catch (RuntimeException | Error e) {
      if (!batch.claimed()) { // else Tracery's sender took the batch and counts it
        batch.failed();
        batch.dropped();
      }
      logFailure("export", batch.spans, e);
      return CompletableResultCode.ofFailure();
    } finally {
      pipeline.endHandOff();
    }
    if (!batch.claimed()) {
      // Not Tracery's sender: the spans are in flight until the export completes.
      batch.handedOver();
      result.whenComplete(
          () -> {
            if (result.isSuccess()) {
              batch.exported();
            } else {
              batch.failed();
              batch.dropped();
            }
          });
    }
    return result;
  }

  /** An exporter besides the counted one: counted by its name only. */
  private CompletableResultCode exportCountedApart(Collection<SpanData> spans) {
    int size = spans.size();
    ExportStatistics statistics = pipeline.statistics();
    CompletableResultCode result;
    try {
      result = delegateExport(spans);
    } catch (RuntimeException | Error e) {
      statistics.exporterFailed(name, size);
      logFailure("export", size, e);
      return CompletableResultCode.ofFailure();
    }
    result.whenComplete(
        () -> {
          if (result.isSuccess()) {
            statistics.exporterExported(name, size);
          } else {
            statistics.exporterFailed(name, size);
          }
        });
    return result;
  }

  private CompletableResultCode delegateExport(Collection<SpanData> spans) {
    CompletableResultCode result = delegate.export(spans);
    if (result == null) {
      throw new IllegalStateException("export() returned null instead of a CompletableResultCode");
    }
    return result;
  }

  private void logFailure(String operation, int spans, Throwable e) {
    String line = failures.record(spans, e);
    if (line != null) {
      LOG.log(
          Level.WARNING,
          "Tracery: the span exporter '"
              + name
              + "' ("
              + delegateClassName
              + ") threw from "
              + operation
              + "(): "
              + line,
          e);
    }
  }

  @Override
  public CompletableResultCode flush() {
    try {
      CompletableResultCode result = delegate.flush();
      return result == null ? CompletableResultCode.ofFailure() : result;
    } catch (RuntimeException | Error e) {
      logFailure("flush", 0, e);
      return CompletableResultCode.ofFailure();
    }
  }

  @Override
  public CompletableResultCode shutdown() {
    CompletableResultCode result;
    try {
      result = delegate.shutdown();
      if (result == null) {
        result = CompletableResultCode.ofFailure();
      }
    } catch (RuntimeException | Error e) {
      logFailure("shutdown", 0, e);
      return CompletableResultCode.ofFailure();
    }
    return result;
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } catch (RuntimeException | Error e) {
      logFailure("close", 0, e);
    }
  }

  @Override
  public String toString() {
    // Not the delegate's own toString(): OpenTelemetry's OTLP exporter names its endpoint in it,
    // userinfo
    // and query included.
    return "CountingSpanExporter{" + name + ", " + delegateClassName + "}";
  }
}
