package dev.tracery.it;

import static dev.tracery.it.ReceivedSpans.one;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.it.db.Note;
import dev.tracery.it.db.NoteResource;
import dev.tracery.it.db.NoteStore;
import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import java.io.File;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * tracery-jdbc on a real server, with the server's JPA provider (Hibernate on WildFly, EclipseLink
 * on Payara) over its own H2 default data source: JPA statements made in a traced JAX-RS request
 * are CLIENT spans under the bean's span, with the stable database attributes and sanitized query
 * text, received by a real OTLP endpoint; a rolled-back transaction still rolls back.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@DisabledIfSystemProperty(named = "tracery.server", matches = "wildfly-agent")
class DatabaseIT {

  static final OtlpReceiver RECEIVER = OtlpReceiver.start();

  static final String PERSISTENCE_XML =
      """
      <persistence xmlns="https://jakarta.ee/xml/ns/persistence" version="3.0">
        <persistence-unit name="notes" transaction-type="JTA">
          <jta-data-source>java:comp/DefaultDataSource</jta-data-source>
          <class>dev.tracery.it.db.Note</class>
          <exclude-unlisted-classes>true</exclude-unlisted-classes>
          <properties>
            <property name="jakarta.persistence.schema-generation.database.action" value="drop-and-create"/>
            <property name="hibernate.connection.provider_class" value="dev.tracery.jdbc.TracingConnectionProvider"/>
            <property name="eclipselink.session.customizer" value="dev.tracery.jdbc.TracingSessionCustomizer"/>
          </properties>
        </persistence-unit>
      </persistence>
      """;

  @Deployment(testable = false)
  static WebArchive war() {
    File[] jdbcLibs =
        new File(System.getProperty("tracery.jdbc.libs"))
            .listFiles((dir, file) -> file.endsWith(".jar"));
    return Deployments.tracedWar("notes", Deployments.exportingTo(RECEIVER, "notes"))
        .addClasses(Note.class, NoteStore.class, NoteResource.class)
        .addAsLibraries(jdbcLibs)
        .addAsResource(
            new org.jboss.shrinkwrap.api.asset.StringAsset(PERSISTENCE_XML),
            "META-INF/persistence.xml");
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  @ArquillianResource URL base;

  @BeforeEach
  void clear() {
    RECEIVER.clear();
  }

  private static boolean isDatabase(ReceivedSpan span) {
    return span.kind().equals("CLIENT") && span.attribute("db.system.name") != null;
  }

  private static boolean query(ReceivedSpan span, String start) {
    return isDatabase(span)
        && String.valueOf(span.attribute("db.query.text")).toUpperCase().startsWith(start);
  }

  @Test
  void jpaInsertAndQueryAreDatabaseSpansUnderTheBeanSpans() throws Exception {
    assertThat(Http.send(base, "POST", "api/notes?text=first").statusCode()).isEqualTo(200);
    List<ReceivedSpan> spans =
        RECEIVER.await(
            Duration.ofSeconds(30),
            s ->
                s.stream().anyMatch(span -> span.name().equals("POST /api/notes"))
                    && s.stream().anyMatch(span -> query(span, "INSERT")),
            "the spans of POST /api/notes");
    ReceivedSpan server = one(spans, s -> s.name().equals("POST /api/notes"), "the server span");
    ReceivedSpan add = one(spans, s -> s.name().equals("NoteStore.add"), "NoteStore.add");
    ReceivedSpan insert = one(spans, s -> query(s, "INSERT"), "the INSERT span");
    assertThat(add.isChildOf(server)).isTrue();
    assertThat(insert.isChildOf(add)).as("INSERT under NoteStore.add").isTrue();
    assertThat(insert.traceId()).isEqualTo(server.traceId());
    assertThat(insert.attribute("db.system.name")).isEqualTo("h2database");
    assertThat(insert.attribute("db.namespace")).isNotNull();
    assertThat((String) insert.attribute("db.query.text")).containsIgnoringCase("IT_NOTES");
    assertThat(insert.attribute("db.statement")).as("old attribute name").isNull();
    assertThat(insert.scope()).isEqualTo("io.opentelemetry.jdbc");

    RECEIVER.clear();
    assertThat(Http.send(base, "GET", "api/notes/count").body()).isNotBlank();
    spans =
        RECEIVER.await(
            Duration.ofSeconds(30),
            s ->
                s.stream().anyMatch(span -> span.name().equals("GET /api/notes/count"))
                    && s.stream().anyMatch(span -> query(span, "SELECT")),
            "the spans of GET /api/notes/count");
    ReceivedSpan count =
        one(spans, s -> s.name().equals("NoteStore.countVisible"), "NoteStore.countVisible");
    ReceivedSpan select = one(spans, s -> query(s, "SELECT"), "the SELECT span");
    assertThat(select.isChildOf(count)).as("SELECT under NoteStore.countVisible").isTrue();
    assertThat((String) select.attribute("db.query.text"))
        .as("the literal of the JPQL query is replaced by ?")
        .doesNotContain("hidden-literal-42")
        .contains("?");
    assertThat(select.attribute("db.query.summary")).isNotNull();
  }

  @Test
  void rolledBackTransactionKeepsNothingAndIsTraced() throws Exception {
    long before = Long.parseLong(Http.send(base, "GET", "api/notes/count").body());
    HttpResponse<String> refused = Http.send(base, "POST", "api/notes/rollback?text=never");
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(Long.parseLong(Http.send(base, "GET", "api/notes/count").body()))
        .as("the insert was rolled back")
        .isEqualTo(before);

    List<ReceivedSpan> spans =
        RECEIVER.await(
            Duration.ofSeconds(30),
            s ->
                s.stream().anyMatch(span -> span.name().equals("NoteStore.addThenFail"))
                    && s.stream().anyMatch(span -> query(span, "INSERT")),
            "the spans of the rolled-back request");
    ReceivedSpan failed =
        one(spans, s -> s.name().equals("NoteStore.addThenFail"), "NoteStore.addThenFail");
    assertThat(failed.status()).isEqualTo("ERROR");
    assertThat(
            spans.stream()
                .filter(s -> query(s, "INSERT"))
                .allMatch(s -> s.traceId().equals(failed.traceId())))
        .isTrue();
  }

  @Test
  void plainJdbcOnAWrappedContainerDataSourceIsTraced() throws Exception {
    assertThat(Http.send(base, "GET", "api/notes/jdbc").statusCode()).isEqualTo(200);
    List<ReceivedSpan> spans =
        RECEIVER.await(
            Duration.ofSeconds(30),
            // Both: the server span ends after its child and may come in a later export batch.
            s ->
                s.stream().anyMatch(span -> query(span, "SELECT COUNT"))
                    && s.stream().anyMatch(span -> span.name().equals("GET /api/notes/jdbc")),
            "the plain JDBC span and its server span");
    ReceivedSpan select = one(spans, s -> query(s, "SELECT COUNT"), "the plain JDBC span");
    ReceivedSpan server =
        one(spans, s -> s.name().equals("GET /api/notes/jdbc"), "the server span");
    assertThat(select.isChildOf(server)).isTrue();
    assertThat(select.attribute("db.query.text"))
        .isEqualTo("SELECT COUNT(*) FROM IT_NOTES WHERE text = ?");
  }
}
