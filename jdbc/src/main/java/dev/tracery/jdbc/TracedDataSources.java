package dev.tracery.jdbc;

import io.opentelemetry.api.OpenTelemetry;
import javax.sql.DataSource;

/**
 * Wraps a container {@link DataSource} so that every statement run through it becomes a CLIENT
 * span, a child of the span current when it runs. The wrapper delegates {@code getConnection()} to
 * the container's data source each time: the container still pools the connections and enlists them
 * in the JTA transaction; Tracery pools nothing.
 *
 * <p>The spans are made by OpenTelemetry's JDBC library instrumentation ({@code
 * opentelemetry-jdbc}) with the application's own {@link OpenTelemetry} (never {@code
 * GlobalOpenTelemetry}), with the stable database semantic conventions ({@code db.system.name},
 * {@code db.namespace}, {@code db.operation.name}, {@code db.query.text}) and with literals in the
 * query text replaced by {@code ?}.
 *
 * <p>Thread-safe; all methods return {@code null} for {@code null}.
 */
public final class TracedDataSources {

  private TracedDataSources() {}

  /**
   * Wraps {@code dataSource} with the application's {@code OpenTelemetry} bean, which the wrapper
   * looks up once, the first time it is used after the application has been deployed. Until then (a
   * JPA provider reads the database's metadata while the application deploys), and while tracing is
   * off, statements run untraced through {@code dataSource} itself. Wrapping a data source this
   * class already wrapped returns it unchanged.
   *
   * @param dataSource the container's data source, e.g. from {@code @Resource}
   * @return a data source that traces its statements
   */
  public static DataSource wrap(DataSource dataSource) {
    if (dataSource == null || dataSource instanceof DeferredTracingDataSource) {
      return dataSource;
    }
    return new DeferredTracingDataSource(dataSource);
  }

  /**
   * Wraps {@code dataSource} with the given {@code OpenTelemetry} right away. The literals in the
   * text of prepared statements are replaced by {@code ?} only in an SDK Tracery built (its
   * autoconfigure adds the processor that does it); in an SDK of your own, the instrumentation
   * sanitizes plain statements only.
   *
   * @param dataSource the container's data source
   * @param openTelemetry the application's OpenTelemetry, e.g. injected
   * @return a data source that traces its statements
   */
  public static DataSource wrap(DataSource dataSource, OpenTelemetry openTelemetry) {
    if (dataSource == null) {
      return null;
    }
    return DatabaseTelemetry.wrap(dataSource, openTelemetry);
  }
}
