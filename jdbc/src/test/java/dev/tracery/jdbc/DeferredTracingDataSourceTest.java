package dev.tracery.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.extension.TraceryExtension;
import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wrapper a persistence unit gets ({@link TracedDataSources#wrap(DataSource)}) in a Weld SE
 * application with Tracery's extension and this module's: untraced before the application is up,
 * traced with the application's own SDK after, the spans arriving at a real OTLP endpoint.
 */
class DeferredTracingDataSourceTest {

  private static final Map<String, String> CONFIG =
      Map.of(
          "tracery.enabled",
          "true",
          "otel.service.name",
          "jdbc-test",
          "otel.bsp.schedule.delay",
          "50ms");

  private final OtlpReceiver receiver = OtlpReceiver.start();
  private JdbcDataSource h2;

  @BeforeEach
  void setUp() throws SQLException {
    CONFIG.forEach(System::setProperty);
    System.setProperty("otel.exporter.otlp.endpoint", receiver.endpoint());
    h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:deferred;DB_CLOSE_DELAY=-1");
    try (Connection c = h2.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS items (id INT PRIMARY KEY, name VARCHAR(40))");
    }
  }

  @AfterEach
  void tearDown() {
    CONFIG.keySet().forEach(System::clearProperty);
    System.clearProperty("otel.exporter.otlp.endpoint");
    receiver.close();
  }

  @Test
  void statementsAreTracedWithTheApplicationsOpenTelemetryOnceItIsDeployed() throws SQLException {
    DataSource dataSource = TracedDataSources.wrap(h2);
    query(dataSource, "SELECT name FROM items WHERE id = 1");

    try (WeldContainer container = start()) {
      assertThat(container.getBeanManager().getExtension(TracingExtension.class).deployed())
          .isTrue();
      OpenTelemetry openTelemetry = container.select(OpenTelemetry.class).get();
      assertThat(openTelemetry).isNotSameAs(OpenTelemetry.noop());
      Span parent = openTelemetry.getTracer("test").spanBuilder("find item").startSpan();
      try (Scope ignored = parent.makeCurrent()) {
        query(dataSource, "SELECT name FROM items WHERE id = 2 AND name = 'secret'");
      } finally {
        parent.end();
      }

      List<ReceivedSpan> spans =
          receiver.await(
              Duration.ofSeconds(20),
              s ->
                  s.stream().anyMatch(span -> span.name().equals("find item"))
                      && s.stream().anyMatch(span -> span.kind().equals("CLIENT")),
              "the item spans");
      ReceivedSpan find =
          spans.stream().filter(s -> s.name().equals("find item")).findFirst().orElseThrow();
      List<ReceivedSpan> database = spans.stream().filter(s -> s.kind().equals("CLIENT")).toList();
      assertThat(database).as("only the statement made after deployment").hasSize(1);
      ReceivedSpan select = database.get(0);
      assertThat(select.isChildOf(find)).isTrue();
      assertThat(select.scope()).isEqualTo("io.opentelemetry.jdbc");
      assertThat(select.resourceAttribute("service.name")).isEqualTo("jdbc-test");
      assertThat(select.attribute("db.system.name")).isEqualTo("h2database");
      assertThat(select.attribute("db.namespace")).isEqualTo("deferred");
      assertThat(select.attribute("db.query.summary")).isEqualTo("SELECT items");
      assertThat(select.attribute("db.query.text"))
          .isEqualTo("SELECT name FROM items WHERE id = ? AND name = ?");

      // A prepared statement with a literal: sanitized by the processor Tracery's SDK got from this
      // module.
      receiver.clear();
      try (Connection c = dataSource.getConnection();
          java.sql.PreparedStatement p =
              c.prepareStatement("SELECT name FROM items WHERE name <> 'secret' AND id = ?")) {
        p.setInt(1, 3);
        p.executeQuery().close();
      }
      ReceivedSpan prepared =
          receiver
              .await(
                  Duration.ofSeconds(20),
                  s -> s.stream().anyMatch(span -> span.kind().equals("CLIENT")),
                  "the prepared statement's span")
              .stream()
              .filter(s -> s.kind().equals("CLIENT"))
              .findFirst()
              .orElseThrow();
      assertThat(prepared.attribute("db.query.text"))
          .isEqualTo("SELECT name FROM items WHERE name <> ? AND id = ?");
    }
  }

  @Test
  void tracingOffLeavesStatementsOnTheContainersDataSource() throws SQLException {
    System.setProperty("tracery.enabled", "false");
    DataSource dataSource = TracedDataSources.wrap(h2);
    try (WeldContainer container = start()) {
      query(dataSource, "SELECT name FROM items");
      assertThat(((DeferredTracingDataSource) dataSource).current()).isSameAs(h2);
      assertThat(((DeferredTracingDataSource) dataSource).resolved())
          .as("looked up once, found off")
          .isTrue();
    }
  }

  /**
   * A Weld SE application with both extensions, as in a WAR with tracery-extension and
   * tracery-jdbc.
   */
  private static WeldContainer start() {
    return new Weld()
        .disableDiscovery()
        .skipShutdownHook()
        .addExtension(new TraceryExtension())
        .addExtension(new TracingExtension())
        .addBeanClass(Probe.class)
        .initialize();
  }

  /** A bean, so that the container has one besides the extensions'. */
  @jakarta.enterprise.context.Dependent
  static class Probe {}

  private static void query(DataSource dataSource, String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.executeQuery(sql).close();
    }
  }
}
