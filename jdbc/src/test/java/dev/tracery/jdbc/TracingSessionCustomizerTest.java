package dev.tracery.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.extension.TraceryExtension;
import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.h2.jdbcx.JdbcDataSource;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * EclipseLink (Payara's JPA provider) in Java SE with the persistence unit naming {@link
 * TracingSessionCustomizer}: JPA code unchanged, its statements are spans of the application's SDK.
 */
class TracingSessionCustomizerTest {

  private static final Map<String, String> CONFIG =
      Map.of(
          "tracery.enabled",
          "true",
          "otel.service.name",
          "eclipselink-test",
          "otel.bsp.schedule.delay",
          "50ms");

  private final OtlpReceiver receiver = OtlpReceiver.start();

  @BeforeEach
  void setUp() {
    CONFIG.forEach(System::setProperty);
    System.setProperty("otel.exporter.otlp.endpoint", receiver.endpoint());
  }

  @AfterEach
  void tearDown() {
    CONFIG.keySet().forEach(System::clearProperty);
    System.clearProperty("otel.exporter.otlp.endpoint");
    receiver.close();
  }

  @Test
  void persistAndQueryThroughEclipseLinkAreDatabaseSpans() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:eclipselink;DB_CLOSE_DELAY=-1");
    try (WeldContainer container =
        new Weld()
            .disableDiscovery()
            .skipShutdownHook()
            .addExtension(new TraceryExtension())
            .addExtension(new TracingExtension())
            .addBeanClass(DeferredTracingDataSourceTest.Probe.class)
            .initialize()) {
      EntityManagerFactory factory =
          new PersistenceProvider()
              .createEntityManagerFactory(
                  "eclipselink", Map.of("jakarta.persistence.nonJtaDataSource", h2));
      OpenTelemetry openTelemetry = container.select(OpenTelemetry.class).get();
      Span parent = openTelemetry.getTracer("test").spanBuilder("store item").startSpan();
      EntityManager entityManager = factory.createEntityManager();
      try (Scope ignored = parent.makeCurrent()) {
        entityManager.getTransaction().begin();
        entityManager.persist(new TestItem("pen"));
        entityManager.getTransaction().commit();
        assertThat(
                entityManager
                    .createQuery(
                        "select count(i) from TestItem i where i.name <> 'hidden-literal'",
                        Long.class)
                    .getSingleResult())
            .isEqualTo(1L);
      } finally {
        parent.end();
        entityManager.close();
        factory.close();
      }

      List<ReceivedSpan> spans =
          receiver.await(
              Duration.ofSeconds(20),
              s ->
                  s.stream().anyMatch(span -> span.name().equals("store item"))
                      && s.stream()
                          .anyMatch(span -> text(span).startsWith("INSERT INTO TEST_ITEMS"))
                      && s.stream().anyMatch(span -> text(span).startsWith("SELECT COUNT")),
              "the EclipseLink statements");
      ReceivedSpan store =
          spans.stream().filter(s -> s.name().equals("store item")).findFirst().orElseThrow();
      ReceivedSpan insert =
          spans.stream()
              .filter(s -> text(s).startsWith("INSERT INTO TEST_ITEMS"))
              .findFirst()
              .orElseThrow();
      ReceivedSpan select =
          spans.stream().filter(s -> text(s).startsWith("SELECT COUNT")).findFirst().orElseThrow();
      assertThat(insert.kind()).isEqualTo("CLIENT");
      assertThat(insert.isChildOf(store)).isTrue();
      assertThat(insert.attribute("db.system.name")).isEqualTo("h2database");
      assertThat(text(insert)).contains("TEST_ITEMS");
      assertThat(select.isChildOf(store)).isTrue();
      assertThat(text(select)).doesNotContain("hidden-literal").contains("<> ?");
    }
  }

  private static String text(ReceivedSpan span) {
    return String.valueOf(span.attribute("db.query.text")).toUpperCase();
  }
}
