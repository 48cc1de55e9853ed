package dev.tracery.it;

import static dev.tracery.it.ReceivedSpans.find;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tracery.it.web.Hello;
import dev.tracery.it.web.PageServlet;
import dev.tracery.it.web.StockBean;
import dev.tracery.it.web.VisitCounter;
import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests JAX-RS does not serve (a servlet, a Jakarta Faces page) are SERVER spans named after
 * their servlet mapping, parents of the {@code @Traced} session beans and client calls they make; a
 * JAX-RS request is still one SERVER span; excluded paths make none.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ServletAndEjbIT {

  static final OtlpReceiver RECEIVER = OtlpReceiver.start();

  static final String PAGE =
      "<!DOCTYPE html>\n"
          + "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:h=\"jakarta.faces.html\">\n"
          + "<h:head><title>hello</title></h:head>\n"
          + "<h:body><h:outputText value=\"#{hello.message}\"/></h:body>\n"
          + "</html>\n";

  static final String WEB_XML =
      "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n"
          + "  <servlet><servlet-name>faces</servlet-name>"
          + "<servlet-class>jakarta.faces.webapp.FacesServlet</servlet-class></servlet>\n"
          + "  <servlet-mapping><servlet-name>faces</servlet-name><url-pattern>*.xhtml</url-pattern></servlet-mapping>\n"
          + "</web-app>\n";

  @BeforeAll
  static void notUnderTheAgent() {
    assumeFalse(
        Deployments.server().equals("wildfly-agent"),
        "Tracery leaves HTTP spans to the OpenTelemetry agent");
    assumeTrue(
        hasEjbAndFaces(),
        "WildFly's standalone-microprofile.xml has neither EJB nor Faces; its servlets are standalone.xml's Undertow");
  }

  @Deployment(testable = false)
  static WebArchive war() {
    if (!hasEjbAndFaces()) {
      return Deployments.tracedWar(
          "pages", Map.of("tracery.enabled", "true")); // deployed, then skipped
    }
    WebArchive war =
        Deployments.tracedWar(
                "pages",
                Deployments.exportingTo(
                    RECEIVER, "pages", "tracery.http.server.excluded-paths", "/pages/private/*"))
            .addClasses(PageServlet.class, StockBean.class, VisitCounter.class)
            .addAsWebResource(new StringAsset("body{}"), "style.css");
    return war.addClass(Hello.class)
        .addAsWebResource(new StringAsset(PAGE), "hello.xhtml")
        .addAsWebInfResource(new StringAsset(WEB_XML), "web.xml");
  }

  /**
   * WildFly's standalone-microprofile.xml has no EJB and no Jakarta Faces subsystem; standalone.xml
   * and Payara do.
   */
  static boolean hasEjbAndFaces() {
    return !Deployments.server().equals("wildfly-mp");
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  @ArquillianResource URL base;

  @Test
  void servletRequestIsOneServerSpanParentOfTracedSessionBeans() throws Exception {
    assertThat(Http.getOk(base, "pages/catalog")).startsWith("page /catalog stock 8 visit ");

    List<ReceivedSpan> spans =
        RECEIVER.await(
            Duration.ofSeconds(30),
            s ->
                s.stream()
                        .anyMatch(span -> "/pages/pages/catalog".equals(span.attribute("url.path")))
                    && s.stream().anyMatch(span -> span.name().equals("VisitCounter.next"))
                    && s.stream().anyMatch(span -> span.name().equals("StockBean.count")),
            "the spans of GET /pages/catalog");
    ReceivedSpan page =
        find(
            spans,
            s -> "/pages/pages/catalog".equals(s.attribute("url.path")),
            "server span of /pages/catalog");
    assertThat(page.name()).isEqualTo("GET /pages/*");
    assertThat(page.kind()).isEqualTo("SERVER");
    assertThat(page.isRoot()).isTrue();
    assertThat(page.attribute("http.route")).isEqualTo("/pages/*");
    assertThat(page.attribute("http.response.status_code")).isEqualTo(200L);
    assertThat(page.attribute("url.path")).isEqualTo("/pages/pages/catalog");
    assertThat(
            spans.stream()
                .filter(s -> s.traceId().equals(page.traceId()) && s.kind().equals("SERVER")))
        .hasSize(1);
    ReceivedSpan stateless =
        find(
            spans,
            s -> s.name().equals("StockBean.count") && s.traceId().equals(page.traceId()),
            "@Stateless span");
    ReceivedSpan singleton =
        find(
            spans,
            s -> s.name().equals("VisitCounter.next") && s.traceId().equals(page.traceId()),
            "@Singleton span");
    assertThat(stateless.isChildOf(page))
        .as("@Stateless @Traced span is a child of the page")
        .isTrue();
    assertThat(singleton.isChildOf(page))
        .as("@Singleton @Traced span is a child of the page")
        .isTrue();
  }

  @Test
  void clientCallFromAPageJoinsItsTraceAndJaxrsIsOneServerSpan() throws Exception {
    assertThat(Http.getOk(base, "pages/order")).isEqualTo("ordered page!");

    List<ReceivedSpan> spans =
        RECEIVER.await(
            Duration.ofSeconds(30),
            s ->
                s.stream().anyMatch(span -> span.name().equals("GET /api/punctuation"))
                    && s.stream()
                        .anyMatch(
                            span ->
                                span.name().equals("GET /pages/*")
                                    && "/pages/pages/order".equals(span.attribute("url.path"))),
            "the spans of GET /pages/order");
    ReceivedSpan page =
        find(
            spans,
            s ->
                s.name().equals("GET /pages/*")
                    && "/pages/pages/order".equals(s.attribute("url.path")),
            "page span");
    ReceivedSpan client =
        find(
            spans,
            s -> s.kind().equals("CLIENT") && s.isChildOf(page),
            "client span under the page");
    ReceivedSpan api =
        find(spans, s -> s.name().equals("GET /api/punctuation"), "JAX-RS server span");
    assertThat(api.isChildOf(client))
        .as("JAX-RS server span is a child of the client span")
        .isTrue();
    assertThat(api.attribute("http.route")).isEqualTo("/api/punctuation");
    assertThat(
            spans.stream()
                .filter(s -> s.traceId().equals(page.traceId()) && s.kind().equals("SERVER")))
        .hasSize(2);
  }

  @Test
  void facesPageIsAServerSpan() throws Exception {
    HttpResponse<String> response = Http.get(base, "hello.xhtml");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("hello faces 5");

    List<ReceivedSpan> spans =
        RECEIVER.await(
            Duration.ofSeconds(30),
            s -> s.stream().anyMatch(span -> span.name().equals("GET /*.xhtml")),
            "the span of GET /hello.xhtml");
    ReceivedSpan page = find(spans, s -> s.name().equals("GET /*.xhtml"), "Faces page span");
    assertThat(page.kind()).isEqualTo("SERVER");
    assertThat(page.attribute("http.route")).isEqualTo("/*.xhtml");
    assertThat(page.attribute("http.response.status_code")).isEqualTo(200L);
    ReceivedSpan bean =
        find(
            spans,
            s -> s.name().equals("StockBean.count") && s.isChildOf(page),
            "@Stateless span under the page");
    assertThat(bean.traceId()).isEqualTo(page.traceId());
  }

  @Test
  void excludedPathsAndStaticFilesMakeNoSpan() throws Exception {
    assertThat(Http.getOk(base, "pages/private/x")).startsWith("page /private/x");
    assertThat(Http.get(base, "style.css").statusCode()).isEqualTo(200);
    // A traced request after them: once its span is in, theirs would have been too (one exporter
    // queue).
    assertThat(Http.getOk(base, "pages/marker")).startsWith("page /marker");

    List<ReceivedSpan> spans =
        RECEIVER.await(
            Duration.ofSeconds(30),
            s ->
                s.stream()
                    .anyMatch(span -> "/pages/pages/marker".equals(span.attribute("url.path"))),
            "the span of GET /pages/marker");
    assertThat(spans)
        .noneMatch(s -> "/pages/pages/private/x".equals(s.attribute("url.path")))
        .noneMatch(s -> "/pages/style.css".equals(s.attribute("url.path")));
  }
}
