package dev.tracery.jdbc;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Builds OpenTelemetry's JDBC instrumentation the way Tracery uses it: stable database conventions,
 * query sanitization on, no span for {@code getConnection()} itself (a JPA provider asks for a
 * connection for nearly every statement, so that span would double the span count and say little).
 *
 * <p>Which database conventions the instrumentation API emits is decided once per class loader,
 * when its {@code SemconvStability} class initializes, from the system property {@code
 * otel.semconv-stability.opt-in} (or {@code OTEL_SEMCONV_STABILITY_OPT_IN}). Version 2.x defaults
 * to the old names ({@code db.system}, {@code db.statement}, ...). The instrumentation API is in
 * the application's WAR, so its decision is the application's own: unless the user set the
 * property, {@link #useStableConventions()} sets it to {@code database} for the moment this class
 * loader's copy initializes, and removes it again.
 */
final class DatabaseTelemetry {

  static final String OPT_IN_PROPERTY = "otel.semconv-stability.opt-in";
  private static final String OPT_IN_ENV = "OTEL_SEMCONV_STABILITY_OPT_IN";
  private static final String SEMCONV_STABILITY =
      "io.opentelemetry.instrumentation.api.internal.SemconvStability";
  private static final Logger LOG = Logger.getLogger(DatabaseTelemetry.class.getName());

  /**
   * Null until decided; then whether the stable names are used. A Boolean, no object of the
   * application.
   */
  private static Boolean stable;

  private DatabaseTelemetry() {}

  static DataSource wrap(DataSource dataSource, OpenTelemetry openTelemetry) {
    useStableConventions();
    return JdbcTelemetry.builder(openTelemetry)
        .setDataSourceInstrumenterEnabled(false)
        .setQuerySanitizationEnabled(true)
        .build()
        .wrap(dataSource);
  }

  /**
   * Makes this class loader's instrumentation API emit the stable database conventions, unless the
   * user chose otherwise with the system property or environment variable. Returns whether it does.
   */
  static boolean useStableConventions() {
    synchronized (DatabaseTelemetry.class) {
      if (stable != null) {
        return stable;
      }
      boolean chosenByUser =
          System.getProperty(OPT_IN_PROPERTY) != null || System.getenv(OPT_IN_ENV) != null;
      ClassLoader loader = JdbcTelemetry.class.getClassLoader();
      if (!chosenByUser) {
        // JVM-wide for a moment: another application initializing its own copy at the same instant
        // would
        // also get the stable names. Nothing else reads the property later.
        System.setProperty(OPT_IN_PROPERTY, "database");
      }
      try {
        Class<?> stability = Class.forName(SEMCONV_STABILITY, true, loader);
        stable = (Boolean) stability.getMethod("emitStableDatabaseSemconv").invoke(null);
        if (!stable && !chosenByUser) {
          LOG.warning(
              "Tracery: database spans use OpenTelemetry's old attribute names (db.system, db.statement):"
                  + " the instrumentation API had decided before Tracery could choose the stable ones."
                  + " Set the system property otel.semconv-stability.opt-in=database to get them.");
        }
        return stable;
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        LOG.log(Level.FINE, "Tracery: cannot tell which database conventions are used", e);
        stable = false;
        return false;
      } finally {
        if (!chosenByUser) {
          System.clearProperty(OPT_IN_PROPERTY);
        }
      }
    }
  }
}
