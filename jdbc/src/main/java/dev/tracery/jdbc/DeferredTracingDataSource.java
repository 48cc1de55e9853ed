package dev.tracery.jdbc;

import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A container data source whose statements are traced with the application's {@code OpenTelemetry}
 * bean, found the first time a connection is asked for after the application has deployed (see
 * {@link TracingExtension}). A JPA provider configures its data source while the application
 * deploys, before that bean exists, so the lookup cannot happen when the wrapper is made. Until the
 * lookup succeeds, connections come untraced from the container's data source; after it, from the
 * wrapped one, with no further lookup. Everything else is delegated.
 */
final class DeferredTracingDataSource implements DataSource {

  private static final Logger LOG = Logger.getLogger(DeferredTracingDataSource.class.getName());

  private final DataSource container;
  private volatile DataSource current;

  DeferredTracingDataSource(DataSource container) {
    this.container = container;
  }

  /** The data source statements run through now: the traced one once the lookup succeeded. */
  DataSource current() {
    DataSource resolved = current;
    if (resolved != null) {
      return resolved;
    }
    resolved = resolve();
    if (resolved == null) {
      return container;
    }
    current = resolved;
    return resolved;
  }

  /** Whether the lookup succeeded (for tests). */
  boolean resolved() {
    return current != null;
  }

  private DataSource resolve() {
    try {
      BeanManager beanManager = CDI.current().getBeanManager();
      if (!beanManager.getExtension(TracingExtension.class).deployed()) {
        return null;
      }
      OpenTelemetry openTelemetry = beanManager.createInstance().select(OpenTelemetry.class).get();
      if (openTelemetry == OpenTelemetry.noop()) {
        // Tracing is off: no wrapper at all on the statements' path.
        return container;
      }
      return DatabaseTelemetry.wrap(container, openTelemetry);
    } catch (RuntimeException | LinkageError e) {
      // No CDI container for this thread yet, or none at all: untraced this time, asked again next
      // time.
      if (LOG.isLoggable(Level.FINE)) {
        LOG.log(
            Level.FINE, "Tracery: this database call is not traced: no OpenTelemetry found yet", e);
      }
      return null;
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    return current().getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return current().getConnection(username, password);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return container.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    container.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    container.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return container.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return container.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return type.isInstance(this) ? type.cast(this) : container.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || container.isWrapperFor(type);
  }

  @Override
  public String toString() {
    return "TracedDataSource[" + container + "]";
  }
}
