package dev.tracery.jdbc;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The wrapper on a real H2 database, with an SDK of the test's own (no GlobalOpenTelemetry). */
class TracedDataSourcesTest {

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(new QueryTextSanitizer())
                  .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                  .build())
          .build();
  private final Tracer tracer = sdk.getTracer("test");
  private JdbcDataSource h2;

  @BeforeEach
  void createTable() throws SQLException {
    h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1");
    try (Connection c = h2.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS orders (id INT PRIMARY KEY, item VARCHAR(40))");
      s.execute("DELETE FROM orders");
    }
  }

  @AfterEach
  void close() {
    sdk.close();
  }

  @Test
  void statementIsClientSpanWithStableAttributesAndSanitizedQueryUnderCurrentSpan()
      throws SQLException {
    DataSource traced = TracedDataSources.wrap(h2, sdk);
    Span parent = tracer.spanBuilder("place order").startSpan();
    try (Scope ignored = parent.makeCurrent();
        Connection c = traced.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO orders (id, item) VALUES (1, 'secret-book')");
    } finally {
      parent.end();
    }

    SpanData db = onlyDatabaseSpan();
    assertThat(db)
        .hasKind(SpanKind.CLIENT)
        .hasParent(spanNamed("place order"))
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("db.system.name"), "h2database"),
            equalTo(AttributeKey.stringKey("db.namespace"), "shop"),
            equalTo(AttributeKey.stringKey("db.query.summary"), "INSERT orders"),
            equalTo(
                AttributeKey.stringKey("db.query.text"),
                "INSERT INTO orders (id, item) VALUES (?, ?)"));
    // One statement, one operation: db.operation.name as written (the instrumentation leaves it
    // out).
    assertThat(db.getAttributes().get(AttributeKey.stringKey("db.operation.name")))
        .isEqualTo("INSERT");
    assertThat(db.getName()).isEqualTo("INSERT orders");
    assertThat(db.getAttributes().get(AttributeKey.stringKey("db.statement")))
        .as("old name not emitted")
        .isNull();
    assertThat(db.getAttributes().get(AttributeKey.stringKey("db.system")))
        .as("old name not emitted")
        .isNull();
    assertThat(db.getAttributes().asMap().toString()).doesNotContain("secret-book");
  }

  @Test
  void preparedStatementQueryIsTraced() throws SQLException {
    DataSource traced = TracedDataSources.wrap(h2, sdk);
    try (Connection c = traced.getConnection();
        PreparedStatement p = c.prepareStatement("SELECT item FROM orders WHERE id = ?")) {
      p.setInt(1, 7);
      try (ResultSet r = p.executeQuery()) {
        assertThat(r.next()).isFalse();
      }
    }
    SpanData db = onlyDatabaseSpan();
    assertThat(db).hasKind(SpanKind.CLIENT).hasNoParent();
    assertThat(db.getAttributes().get(AttributeKey.stringKey("db.query.summary")))
        .isEqualTo("SELECT orders");
    assertThat(db.getAttributes().get(AttributeKey.stringKey("db.operation.name")))
        .isEqualTo("SELECT");
    assertThat(db.getAttributes().get(AttributeKey.stringKey("db.query.text")))
        .isEqualTo("SELECT item FROM orders WHERE id = ?");
  }

  @Test
  void literalsInAPreparedStatementAreReplacedToo() throws SQLException {
    DataSource traced = TracedDataSources.wrap(h2, sdk);
    // As JPA runs a JPQL query with a literal in it: a prepared statement whose SQL holds the
    // literal.
    try (Connection c = traced.getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "SELECT item FROM orders WHERE item <> 'hidden-literal' AND id = ?")) {
      p.setInt(1, 7);
      p.executeQuery().close();
    }
    assertThat(onlyDatabaseSpan().getAttributes().get(AttributeKey.stringKey("db.query.text")))
        .isEqualTo("SELECT item FROM orders WHERE item <> ? AND id = ?");
  }

  @Test
  void failingStatementEndsSpanWithErrorAndThrowsTheDriversException() throws SQLException {
    DataSource traced = TracedDataSources.wrap(h2, sdk);
    try (Connection c = traced.getConnection();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("SELECT nothing FROM no_such_table"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("NO_SUCH_TABLE");
    }
    assertThat(onlyDatabaseSpan()).hasStatus(io.opentelemetry.sdk.trace.data.StatusData.error());
  }

  @Test
  void rolledBackWorkIsNotStored() throws SQLException {
    DataSource traced = TracedDataSources.wrap(h2, sdk);
    try (Connection c = traced.getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO orders (id, item) VALUES (2, 'pen')");
      c.rollback();
    }
    try (Connection c = h2.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM orders")) {
      r.next();
      assertThat(r.getInt(1)).isZero();
    }
  }

  @Test
  void wrappingTwiceKeepsOneWrapperAndNullStaysNull() {
    DataSource once = TracedDataSources.wrap(h2);
    assertThat(TracedDataSources.wrap(once)).isSameAs(once);
    assertThat(TracedDataSources.wrap((DataSource) null)).isNull();
    assertThat(TracedDataSources.wrap(null, sdk)).isNull();
  }

  @Test
  void deferredWrapperWithoutCdiRunsStatementsUntraced() throws SQLException {
    DataSource deferred = TracedDataSources.wrap(h2);
    try (Connection c = deferred.getConnection();
        Statement s = c.createStatement()) {
      s.executeQuery("SELECT 1").close();
    }
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
    assertThat(deferred.isWrapperFor(JdbcDataSource.class)).isTrue();
  }

  private SpanData onlyDatabaseSpan() {
    List<SpanData> db =
        exporter.getFinishedSpanItems().stream()
            .filter(s -> s.getKind() == SpanKind.CLIENT)
            .toList();
    assertThat(db).hasSize(1);
    return db.get(0);
  }

  private SpanData spanNamed(String name) {
    return exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
