package dev.tracery.jdbc;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.incubator.semconv.db.SqlDialect;
import io.opentelemetry.instrumentation.api.incubator.semconv.db.SqlQueryAnalyzer;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Replaces the literals of {@code db.query.text} by {@code ?} on every span of OpenTelemetry's JDBC
 * instrumentation, prepared statements included.
 *
 * <p>With the stable database conventions, the instrumentation sanitizes only statements it does not
 * consider parameterized: the text of a {@code PreparedStatement} is recorded as it is, on the grounds
 * that its values are bound as parameters. JPA runs every statement as a prepared statement, and a JPQL
 * literal ({@code where n.text <> 'secret'}) is then copied into the SQL text and would reach the span
 * unsanitized. This processor runs OpenTelemetry's own SQL sanitizer (the one the instrumentation uses
 * for plain statements, with its cache) over the text when the span starts, before anything exports it.
 * Sanitizing a sanitized text changes nothing.
 */
final class QueryTextSanitizer implements SpanProcessor {

  static final String JDBC_SCOPE = "io.opentelemetry.jdbc";
  private static final AttributeKey<String> DB_QUERY_TEXT = AttributeKey.stringKey("db.query.text");
  private static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");

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
    String sanitized = analyzer.analyze(text, dialect(span.getAttribute(DB_SYSTEM_NAME))).getQueryText();
    if (sanitized != null && !sanitized.equals(text)) {
      span.setAttribute(DB_QUERY_TEXT, sanitized);
    }
  }

  /** MySQL and MariaDB take double-quoted text as a string literal by default; SQL as an identifier. */
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
