package dev.tracery.jdbc;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.incubator.semconv.db.SqlDialect;
import io.opentelemetry.instrumentation.api.incubator.semconv.db.SqlQuery;
import io.opentelemetry.instrumentation.api.incubator.semconv.db.SqlQueryAnalyzer;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Replaces the literals of {@code db.query.text} by {@code ?} on every span of OpenTelemetry's JDBC
 * instrumentation, prepared statements included.
 *
 * <p>With the stable database conventions, the instrumentation sanitizes only statements it does
 * not consider parameterized: the text of a {@code PreparedStatement} is recorded as it is, on the
 * grounds that its values are bound as parameters. JPA runs every statement as a prepared
 * statement, and a JPQL literal ({@code where n.text <> 'secret'}) is then copied into the SQL text
 * and would reach the span unsanitized. This processor runs OpenTelemetry's own SQL sanitizer (the
 * one the instrumentation uses for plain statements, with its cache) over the text when the span
 * starts, before anything exports it. Sanitizing a sanitized text changes nothing.
 *
 * <p>It also sets {@code db.operation.name} (the conventions: "conditionally required if there is a
 * single operation name that describes the database call"), which the instrumentation leaves out
 * for SQL: the conventions say not to parse it out of query text that may hold several operations.
 * Tracery sets it only when the text is one statement (no {@code ;} outside literals, which the
 * sanitized text no longer has) and the analyzer found its operation: {@code SELECT}, {@code
 * INSERT}, ... as written.
 */
final class QueryTextSanitizer implements SpanProcessor {

  static final String JDBC_SCOPE = "io.opentelemetry.jdbc";
  private static final AttributeKey<String> DB_QUERY_TEXT = AttributeKey.stringKey("db.query.text");
  private static final AttributeKey<String> DB_SYSTEM_NAME =
      AttributeKey.stringKey("db.system.name");
  private static final AttributeKey<String> DB_OPERATION_NAME =
      AttributeKey.stringKey("db.operation.name");

  private final SqlQueryAnalyzer analyzer = SqlQueryAnalyzer.create(true);

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    if (!JDBC_SCOPE.equals(span.getInstrumentationScopeInfo().getName())) {
      return;
    }
    String text = span.getAttribute(DB_QUERY_TEXT);
    if (text == null) {
      return;
    }
    SqlQuery query = analyzer.analyze(text, dialect(span.getAttribute(DB_SYSTEM_NAME)));
    String sanitized = query.getQueryText();
    if (sanitized != null && !sanitized.equals(text)) {
      span.setAttribute(DB_QUERY_TEXT, sanitized);
    }
    String operation = query.getOperationName();
    if (operation != null
        && span.getAttribute(DB_OPERATION_NAME) == null
        && !isBatch(text)
        && (sanitized == null || singleStatement(sanitized))) {
      span.setAttribute(DB_OPERATION_NAME, operation);
    }
  }

  /**
   * The instrumentation records a JDBC batch as {@code BATCH ...}; its operation name is its own.
   */
  private static boolean isBatch(String text) {
    return text.regionMatches(true, 0, "BATCH ", 0, 6);
  }

  /** One statement: nothing but white space after a {@code ;}, if any. */
  private static boolean singleStatement(String text) {
    int semicolon = text.indexOf(';');
    return semicolon < 0 || text.substring(semicolon + 1).isBlank();
  }

  /**
   * MySQL and MariaDB take double-quoted text as a string literal by default; SQL as an identifier.
   */
  private static SqlDialect dialect(String system) {
    return "mysql".equals(system) || "mariadb".equals(system)
        ? SqlDialect.DOUBLE_QUOTES_ARE_STRING_LITERALS
        : SqlDialect.DOUBLE_QUOTES_ARE_IDENTIFIERS;
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {}

  @Override
  public boolean isEndRequired() {
    return false;
  }
}
