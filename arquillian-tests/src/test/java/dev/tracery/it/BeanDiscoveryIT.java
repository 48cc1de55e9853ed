package dev.tracery.it;

import static dev.tracery.it.ReceivedSpans.find;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.it.app.Salutation;
import dev.tracery.it.app.SalutationResource;
import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Whether the application needs a {@code beans.xml}: the same traced WAR without one, with {@code
 * bean-discovery-mode="annotated"} and with {@code "all"}. In each, a request makes the whole trace
 * (server span, {@code @Traced} bean, client span, downstream server span, {@code @WithSpan} bean);
 * with {@code "all"}, a {@code @Traced} class without a bean-defining annotation is traced as well.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BeanDiscoveryIT {

  static final OtlpReceiver RECEIVER = OtlpReceiver.start();

  static Map<String, String> config(String service) {
    return Map.of(
        "tracery.enabled",
        "true",
        "otel.service.name",
        service,
        "otel.exporter.otlp.endpoint",
        RECEIVER.endpoint(),
        "otel.bsp.schedule.delay",
        "100ms");
  }

  @Deployment(name = "none", testable = false)
  static WebArchive withoutBeansXml() {
    return Deployments.tracedWar("discovery-none", config("discovery-none"), null);
  }

  @Deployment(name = "annotated", testable = false)
  static WebArchive annotated() {
    return Deployments.tracedWar("discovery-annotated", config("discovery-annotated"), "annotated");
  }

  @Deployment(name = "all", testable = false)
  static WebArchive all() {
    return Deployments.tracedWar("discovery-all", config("discovery-all"), "all")
        .addClasses(Salutation.class, SalutationResource.class);
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  /** Calls the greeting endpoint of {@code service} and checks its whole trace arrived. */
  private static void assertWholeTrace(URL base, String service) throws Exception {
    String name = service.substring("discovery-".length());
    assertThat(Http.getOk(base, "api/greeting?name=" + name)).isEqualTo("hello " + name + "!");

    Predicate<ReceivedSpan> ours = span -> service.equals(span.resourceAttribute("service.name"));
    List<ReceivedSpan> spans =
        RECEIVER.await(
            Duration.ofSeconds(30),
            s ->
                s.stream().filter(ours).anyMatch(span -> span.name().equals("GET /api/greeting"))
                    && s.stream()
                        .filter(ours)
                        .anyMatch(span -> span.name().equals("punctuation.finish")),
            "the spans of GET /api/greeting in " + service);
    List<ReceivedSpan> mine = spans.stream().filter(ours).toList();
    ReceivedSpan server = find(mine, s -> s.name().equals("GET /api/greeting"), "server span");
    ReceivedSpan greet =
        find(mine, s -> s.name().equals("Greeter.greet") && s.isChildOf(server), "@Traced span");
    ReceivedSpan client =
        find(mine, s -> s.kind().equals("CLIENT") && s.isChildOf(greet), "client span");
    ReceivedSpan downstream =
        find(
            mine,
            s -> s.name().equals("GET /api/punctuation") && s.isChildOf(client),
            "downstream server span");
    find(
        mine,
        s -> s.name().equals("punctuation.finish") && s.isChildOf(downstream),
        "@WithSpan span");
    assertThat(greet.attribute("greeting.name")).isEqualTo(name);
    assertRunsOnTheJavaAskedFor(server);
  }

  /**
   * Where the build runs the server on another JDK (Java 25), the spans say that Java really ran
   * it.
   */
  private static void assertRunsOnTheJavaAskedFor(ReceivedSpan span) {
    String java = System.getProperty("tracery.server.java");
    if (java != null) {
      assertThat((String) span.resourceAttribute("process.runtime.version")).startsWith(java + ".");
    }
  }

  @Test
  void withoutBeansXmlTheWholeTraceArrives(
      @ArquillianResource @OperateOnDeployment("none") URL base) throws Exception {
    assertWholeTrace(base, "discovery-none");
  }

  @Test
  void withDiscoveryModeAnnotatedTheWholeTraceArrives(
      @ArquillianResource @OperateOnDeployment("annotated") URL base) throws Exception {
    assertWholeTrace(base, "discovery-annotated");
  }

  @Test
  void withDiscoveryModeAllTheWholeTraceArrivesAndUnannotatedClassesAreTraced(
      @ArquillianResource @OperateOnDeployment("all") URL base) throws Exception {
    assertWholeTrace(base, "discovery-all");

    assertThat(Http.getOk(base, "api/salutation?name=ada")).isEqualTo("greetings, ada");
    List<ReceivedSpan> spans =
        RECEIVER.await(
            Duration.ofSeconds(30),
            // Both: the server span ends after its child and may come in a later export batch.
            s ->
                s.stream().anyMatch(span -> span.name().equals("Salutation.salute"))
                    && s.stream().anyMatch(span -> span.name().equals("GET /api/salutation")),
            "spans Salutation.salute and GET /api/salutation");
    ReceivedSpan salute =
        find(spans, s -> s.name().equals("Salutation.salute"), "span Salutation.salute");
    ReceivedSpan server =
        find(spans, s -> s.name().equals("GET /api/salutation"), "server span GET /api/salutation");
    assertThat(salute.isChildOf(server)).isTrue();
    assertThat(salute.resourceAttribute("service.name")).isEqualTo("discovery-all");
  }
}
