package dev.tracery.it;

import static dev.tracery.it.ReceivedSpans.one;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import java.io.File;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sample application, as built, on a real server: its main request is one complete trace, its
 * failing request carries the exception and ERROR status, its health check is not traced, and
 * configuration reaches Tracery from the WAR's file, a server system property and an environment
 * variable of the server.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
// A message-driven bean needs a broker: not on WildFly's standalone.xml or
// standalone-microprofile.xml.
@DisabledIfSystemProperty(named = "tracery.server", matches = "wildfly|wildfly-mp|wildfly-agent")
class SampleIT {

  static final OtlpReceiver RECEIVER = OtlpReceiver.start();
  static final String SERVICE = "sample-" + Deployments.server();

  @Deployment(testable = false)
  static WebArchive sample() {
    WebArchive war =
        ShrinkWrap.createFromZipFile(
            WebArchive.class, new File(System.getProperty("tracery.sample.war")));
    // The sample's own file with the test's endpoint: only the WAR file sets service name and
    // endpoint.
    war.delete("/WEB-INF/classes/META-INF/microprofile-config.properties");
    war.addAsResource(
        new StringAsset(
            String.join(
                "\n",
                "tracery.enabled=true",
                "otel.service.name=" + SERVICE,
                "otel.traces.exporter=otlp",
                "otel.exporter.otlp.endpoint=" + RECEIVER.endpoint(),
                "otel.bsp.schedule.delay=100ms",
                "tracery.http.server.excluded-paths=/api/health")),
        "META-INF/microprofile-config.properties");
    return war;
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

  private static boolean has(List<ReceivedSpan> spans, String name) {
    return spans.stream().anyMatch(s -> s.name().equals(name));
  }

  @Test
  void placingAnOrderIsOneCompleteTraceAcrossThePricingCall() throws Exception {
    HttpResponse<String> placed = Http.send(base, "POST", "api/orders?item=book&quantity=2");
    assertThat(placed.statusCode()).isEqualTo(201);
    String id = placed.body().replaceAll(".*\"id\":\"(\\d+)\".*", "$1");

    List<ReceivedSpan> spans =
        RECEIVER.await(
            Duration.ofSeconds(30),
            s -> has(s, "POST /api/orders") && has(s, "OrderRepository.save"),
            "the order trace");
    ReceivedSpan server = one(spans, s -> s.name().equals("POST /api/orders"), "the server span");
    ReceivedSpan place =
        one(spans, s -> s.name().equals("OrderService.place"), "OrderService.place");
    ReceivedSpan quote =
        one(spans, s -> s.name().equals("PricingClient.quote"), "PricingClient.quote");
    ReceivedSpan client =
        one(
            spans,
            s -> s.kind().equals("CLIENT") && s.attribute("http.request.method") != null,
            "the HTTP client span");
    ReceivedSpan pricing =
        one(spans, s -> s.name().equals("GET /api/pricing/{item}"), "the pricing server span");
    ReceivedSpan lookup = one(spans, s -> s.name().equals("pricing.lookup"), "pricing.lookup");
    ReceivedSpan save =
        one(spans, s -> s.name().equals("OrderRepository.save"), "OrderRepository.save");

    assertThat(server.isRoot()).isTrue();
    assertThat(server.kind()).isEqualTo("SERVER");
    assertThat(place.isChildOf(server)).isTrue();
    assertThat(quote.isChildOf(place)).isTrue();
    // The pricing call is retried through Spans.retry: the operation, then one span per attempt.
    List<ReceivedSpan> fetches =
        spans.stream().filter(s -> s.name().equals("pricing.fetch")).collect(Collectors.toList());
    assertThat(fetches).as("the operation and its one attempt").hasSize(2);
    ReceivedSpan operation =
        one(fetches, s -> s.attribute("tracery.retry.attempts") != null, "the retry operation");
    ReceivedSpan attempt =
        one(fetches, s -> s.attribute("tracery.retry.attempt") != null, "the retry attempt");
    assertThat(operation.isChildOf(quote)).isTrue();
    assertThat(operation.attribute("tracery.retry.attempts")).isEqualTo(1L);
    assertThat(operation.attribute("tracery.retry.outcome")).isEqualTo("success");
    assertThat(operation.attribute("service.peer.name")).isEqualTo("pricing");
    assertThat(attempt.isChildOf(operation)).isTrue();
    assertThat(attempt.attribute("tracery.retry.attempt")).isEqualTo(1L);
    assertThat(client.isChildOf(attempt)).isTrue();
    assertThat(pricing.isChildOf(client)).isTrue();
    assertThat(lookup.isChildOf(pricing)).isTrue();
    assertThat(save.isChildOf(place)).isTrue();
    assertThat(save.startNanos())
        .as("saved after pricing")
        .isGreaterThanOrEqualTo(quote.endNanos());
    // JPA (Hibernate on WildFly, EclipseLink on Payara) over the server's H2: the INSERT is a
    // database span.
    ReceivedSpan insert =
        one(
            spans,
            s ->
                s.kind().equals("CLIENT")
                    && String.valueOf(s.attribute("db.query.text"))
                        .toUpperCase()
                        .startsWith("INSERT"),
            "the INSERT database span");
    assertThat(insert.isChildOf(save)).as("the INSERT is a child of OrderRepository.save").isTrue();
    assertThat(insert.attribute("db.system.name")).isEqualTo("h2database");
    assertThat((String) insert.attribute("db.query.text"))
        .containsIgnoringCase("SAMPLE_ORDERS")
        .doesNotContain("book");

    assertThat(server.attribute("http.route")).isEqualTo("/api/orders");
    assertThat(server.attribute("http.response.status_code")).isEqualTo(201L);
    assertThat(quote.attribute("order.item")).isEqualTo("book");
    assertThat(quote.attribute("order.quantity")).isEqualTo(2L);
    assertThat((String) client.attribute("url.full")).endsWith("/tracery-sample/api/pricing/book");
    assertThat(pricing.attribute("http.route")).isEqualTo("/api/pricing/{item}");
    assertThat(lookup.attribute("pricing.unit_cents")).isNotNull();

    RECEIVER.clear();
    HttpResponse<String> shipping = Http.send(base, "GET", "api/orders/" + id + "/shipping");
    assertThat(shipping.statusCode()).isEqualTo(200);
    assertThat(shipping.body()).startsWith("order " + id + " ships in");
    List<ReceivedSpan> asyncSpans =
        RECEIVER.await(
            Duration.ofSeconds(30),
            s ->
                has(s, "GET /api/orders/{id}/shipping")
                    && has(s, "shipping.estimate")
                    && has(s, "shipping.days"),
            "the shipping trace");
    ReceivedSpan shippingServer =
        one(
            asyncSpans,
            s -> s.name().equals("GET /api/orders/{id}/shipping"),
            "the shipping server span");
    ReceivedSpan estimate =
        one(asyncSpans, s -> s.name().equals("shipping.estimate"), "the async span");
    ReceivedSpan days =
        one(
            asyncSpans,
            s -> s.name().equals("shipping.days"),
            "the span on the managed executor's thread");
    assertThat(estimate.isChildOf(shippingServer)).isTrue();
    assertThat(days.isChildOf(estimate))
        .as("the managed executor carried the trace, with no code in the sample")
        .isTrue();
    assertThat(estimate.endNanos()).isLessThanOrEqualTo(shippingServer.endNanos());
  }

  @Test
  void aPricingCallAnsweredWith503IsRetriedAndEachAttemptIsASpan() throws Exception {
    // The pricing service answers 503 to every other request for "flaky", starting with the first.
    assertThat(Http.send(base, "POST", "api/orders?item=flaky&quantity=1").statusCode())
        .isEqualTo(201);

    List<ReceivedSpan> spans =
        traceOfFlakyOrder(
            RECEIVER.await(
                Duration.ofSeconds(30),
                s -> {
                  List<ReceivedSpan> trace = traceOfFlakyOrder(s);
                  return has(trace, "OrderRepository.save") && count(trace, "pricing.fetch") == 3;
                },
                "the order trace with two attempts"));
    ReceivedSpan quote =
        one(spans, s -> s.name().equals("PricingClient.quote"), "PricingClient.quote");
    ReceivedSpan operation =
        one(spans, s -> s.attribute("tracery.retry.attempts") != null, "the retry operation");
    ReceivedSpan first =
        one(spans, s -> Long.valueOf(1).equals(s.attribute("tracery.retry.attempt")), "attempt 1");
    ReceivedSpan second =
        one(spans, s -> Long.valueOf(2).equals(s.attribute("tracery.retry.attempt")), "attempt 2");

    assertThat(operation.isChildOf(quote)).isTrue();
    assertThat(operation.attribute("tracery.retry.attempts")).isEqualTo(2L);
    assertThat(operation.attribute("tracery.retry.outcome")).isEqualTo("success");
    assertThat(operation.status()).isNotEqualTo("ERROR");
    assertThat(first.isChildOf(operation)).isTrue();
    assertThat(first.attribute("tracery.retry.outcome")).isEqualTo("failure");
    assertThat(first.attribute("tracery.retry.delay_ms")).isEqualTo(100L);
    // jakarta.ws.rs.ServiceUnavailableException, or the client implementation's subclass of it
    // (RESTEasy: ResteasyServiceUnavailableException).
    assertThat((String) first.attribute("error.type")).endsWith("ServiceUnavailableException");
    assertThat(first.status()).isEqualTo("ERROR");
    assertThat(second.isChildOf(operation)).isTrue();
    assertThat(second.attribute("tracery.retry.outcome")).isEqualTo("success");
    assertThat(second.startNanos()).isGreaterThanOrEqualTo(first.endNanos());
    // Each attempt made its own HTTP call: the first answered 503, the second 200.
    ReceivedSpan failedCall =
        one(spans, s -> s.kind().equals("CLIENT") && s.isChildOf(first), "attempt 1's call");
    ReceivedSpan call =
        one(spans, s -> s.kind().equals("CLIENT") && s.isChildOf(second), "attempt 2's call");
    assertThat(failedCall.attribute("http.response.status_code")).isEqualTo(503L);
    assertThat(call.attribute("http.response.status_code")).isEqualTo(200L);
  }

  private static long count(List<ReceivedSpan> spans, String name) {
    return spans.stream().filter(s -> s.name().equals(name)).count();
  }

  /** The spans of the trace whose {@code PricingClient.quote} priced the item "flaky". */
  private static List<ReceivedSpan> traceOfFlakyOrder(List<ReceivedSpan> spans) {
    return spans.stream()
        .filter(s -> s.name().equals("PricingClient.quote"))
        .filter(s -> "flaky".equals(s.attribute("order.item")))
        .findFirst()
        .map(
            quote ->
                spans.stream()
                    .filter(s -> s.traceId().equals(quote.traceId()))
                    .collect(Collectors.toList()))
        .orElse(List.of());
  }

  @Test
  void aPlacedOrderIsAnnouncedAsAMessageWhoseMessageDrivenBeanJoinsTheTrace() throws Exception {
    assertThat(Http.send(base, "POST", "api/orders?item=pen&quantity=3").statusCode())
        .isEqualTo(201);

    List<ReceivedSpan> received =
        RECEIVER.await(
            Duration.ofSeconds(30),
            s -> has(s, "POST /api/orders") && has(s, "Warehouse.reserve"),
            "the order trace with its message consumer");
    String traceId =
        one(received, s -> s.name().equals("POST /api/orders"), "the server span").traceId();
    List<ReceivedSpan> spans =
        received.stream().filter(s -> s.traceId().equals(traceId)).collect(Collectors.toList());
    ReceivedSpan place =
        one(spans, s -> s.name().equals("OrderService.place"), "OrderService.place");
    ReceivedSpan producer = one(spans, s -> s.kind().equals("PRODUCER"), "the PRODUCER span");
    ReceivedSpan consumer = one(spans, s -> s.kind().equals("CONSUMER"), "the CONSUMER span");
    ReceivedSpan reserve =
        one(spans, s -> s.name().equals("Warehouse.reserve"), "Warehouse.reserve");

    assertThat(producer.name()).isEqualTo("send TracerySampleOrders");
    assertThat(producer.isChildOf(place)).isTrue();
    assertThat(consumer.name()).isEqualTo("process TracerySampleOrders");
    assertThat(consumer.isChildOf(producer)).isTrue();
    assertThat(consumer.attribute("messaging.message.id"))
        .isEqualTo(producer.attribute("messaging.message.id"));
    assertThat(reserve.isChildOf(consumer)).isTrue();
  }

  @Test
  void theFailingRequestCarriesTheExceptionAndErrorStatus() throws Exception {
    assertThat(Http.send(base, "POST", "api/orders?item=").statusCode()).isEqualTo(500);

    List<ReceivedSpan> spans =
        RECEIVER.await(
            Duration.ofSeconds(30),
            s -> has(s, "POST /api/orders") && has(s, "OrderService.place"),
            "the failing trace");
    ReceivedSpan server = one(spans, s -> s.name().equals("POST /api/orders"), "the server span");
    ReceivedSpan place =
        one(spans, s -> s.name().equals("OrderService.place"), "OrderService.place");
    assertThat(server.status()).isEqualTo("ERROR");
    assertThat(server.attribute("http.response.status_code")).isEqualTo(500L);
    assertThat(server.events()).contains("exception");
    assertThat(place.status()).isEqualTo("ERROR");
    assertThat(place.events()).contains("exception");
    assertThat(place.attribute("error.type")).isEqualTo("java.lang.IllegalArgumentException");
  }

  @Test
  void theHealthCheckIsNotTraced() throws Exception {
    assertThat(Http.send(base, "GET", "api/health").body()).isEqualTo("UP");
    assertThat(Http.send(base, "GET", "api/orders/1").statusCode()).isIn(200, 404);

    List<ReceivedSpan> spans =
        RECEIVER.await(
            Duration.ofSeconds(30), s -> has(s, "GET /api/orders/{id}"), "the find trace");
    assertThat(spans).noneMatch(s -> s.name().contains("health"));
  }

  @Test
  void configurationArrivesFromTheWarFileASystemPropertyAndAnEnvironmentVariable()
      throws Exception {
    Http.send(base, "GET", "api/orders/1");
    List<ReceivedSpan> spans =
        RECEIVER.await(Duration.ofSeconds(30), s -> has(s, "GET /api/orders/{id}"), "a trace");

    // From the WAR's microprofile-config.properties:
    assertThat(spans.get(0).resourceAttribute("service.name")).isEqualTo(SERVICE);
    Map<String, List<String>> headers = RECEIVER.requests().get(0).headers();
    // From the server's system property -Dotel.exporter.otlp.compression=gzip:
    assertThat(headers.get("Content-encoding")).containsExactly("gzip");
    // From the server's environment variable OTEL_EXPORTER_OTLP_HEADERS:
    assertThat(headers.get("X-tracery-env")).containsExactly("from-environment");
  }
}
