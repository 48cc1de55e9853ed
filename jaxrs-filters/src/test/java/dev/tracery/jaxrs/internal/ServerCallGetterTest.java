package dev.tracery.jaxrs.internal;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.jaxrs.HttpTracingConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.AbstractMultivaluedMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What a server span reads from a request: headers (every value, any case), propagation headers
 * within their size limits, the URL with sensitive values redacted, the peer. Requests are plain
 * fakes of the servlet and JAX-RS interfaces, answering from maps.
 */
class ServerCallGetterTest {

  private final HeaderWarnings warnings = new HeaderWarnings(System::nanoTime);

  private ServerCallGetter getter(HttpTracingConfig config) {
    return new ServerCallGetter(config, warnings);
  }

  private final ServerCallGetter getter = getter(HttpTracingConfig.builder().build());

  /** Headers as a servlet container keeps them: names without regard to case. */
  private static Map<String, List<String>> headers(String... namesAndValues) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers
          .computeIfAbsent(namesAndValues[i], name -> new ArrayList<>())
          .add(namesAndValues[i + 1]);
    }
    return headers;
  }

  private static HttpServletRequest servlet(
      String method, String uri, String query, Map<String, List<String>> headers) {
    Map<String, Object> answers = new HashMap<>();
    answers.put("getMethod", method);
    answers.put("getRequestURI", uri);
    answers.put("getQueryString", query);
    answers.put("getScheme", "https");
    answers.put("getContextPath", "/shop");
    answers.put("getServletPath", "/orders");
    answers.put("getProtocol", "HTTP/1.1");
    answers.put("getRemoteAddr", "192.0.2.7");
    answers.put("getRemotePort", 50123);
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            ServerCallGetterTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, called, args) -> {
              switch (called.getName()) {
                case "getHeader":
                  List<String> values = headers.get((String) args[0]);
                  return values == null ? null : values.get(0);
                case "getHeaders":
                  return Collections.enumeration(headers.getOrDefault((String) args[0], List.of()));
                case "getHeaderNames":
                  return Collections.enumeration(headers.keySet());
                default:
                  return answers.get(called.getName());
              }
            });
  }

  /** A JAX-RS request outside a servlet container; its header map ignores case, as runtimes do. */
  private static ContainerRequestContext jaxrs(
      String method, URI uri, Map<String, List<String>> headers) {
    MultivaluedMap<String, String> map =
        new AbstractMultivaluedMap<String, String>(new TreeMap<>(String.CASE_INSENSITIVE_ORDER)) {};
    headers.forEach(map::addAll);
    UriInfo uriInfo =
        (UriInfo)
            Proxy.newProxyInstance(
                ServerCallGetterTest.class.getClassLoader(),
                new Class<?>[] {UriInfo.class},
                (proxy, called, args) -> called.getName().equals("getRequestUri") ? uri : null);
    return (ContainerRequestContext)
        Proxy.newProxyInstance(
            ServerCallGetterTest.class.getClassLoader(),
            new Class<?>[] {ContainerRequestContext.class},
            (proxy, called, args) -> {
              switch (called.getName()) {
                case "getMethod":
                  return method;
                case "getHeaders":
                  return map;
                case "getHeaderString":
                  List<String> values = map.get((String) args[0]);
                  return values == null ? null : String.join(",", values);
                case "getUriInfo":
                  return uriInfo;
                default:
                  return null;
              }
            });
  }

  private static ServerCall servletCall(Map<String, List<String>> headers) {
    return ServerCall.servlet(
        servlet("GET", "/shop/orders/42", "page=2&token=abc", headers), "/orders/*");
  }

  @Test
  void readsEveryValueOfAServletRequestHeaderWhateverTheCaseOfItsName() {
    ServerCall call = servletCall(headers("X-Request-Id", "a", "x-request-id", "b"));

    assertThat(getter.getHttpRequestHeader(call, "x-request-id")).containsExactly("a", "b");
    assertThat(getter.getHttpRequestHeader(call, "X-REQUEST-ID")).containsExactly("a", "b");
    assertThat(getter.getHttpRequestHeader(call, "x-absent")).isEmpty();
  }

  @Test
  void readsEveryValueOfAJaxrsRequestHeaderWhateverTheCaseOfItsName() {
    ServerCall call =
        new ServerCall(
            jaxrs("POST", URI.create("http://h/api/orders"), headers("Accept", "a", "ACCEPT", "b")),
            null,
            false);

    assertThat(getter.getHttpRequestHeader(call, "accept")).containsExactly("a", "b");
    assertThat(getter.getHttpRequestHeader(call, "x-absent")).isEmpty();
    assertThat(getter.getHttpRequestMethod(call)).isEqualTo("POST");
  }

  @Test
  void givesPropagatorsTheHeadersAsSentWhateverTheCaseOfTheirNames() {
    String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    ServerCall call = servletCall(headers("TraceParent", traceparent));

    assertThat(getter.get(call, "traceparent")).isEqualTo(traceparent);
    assertThat(getter.keys(call)).containsExactly("TraceParent");
    assertThat(getter.get(call, "tracestate")).isNull();
    assertThat(getter.get(null, "traceparent")).isNull();
  }

  @Test
  void treatsPropagationHeadersBeyondTheirSpecifiedSizeAsAbsent() {
    String long600 = "x".repeat(600);
    ServerCall call =
        servletCall(
            headers(
                "TRACEPARENT",
                long600,
                "Baggage",
                long600,
                "tracestate",
                "y".repeat(32 * 257 + 1),
                "b3",
                "z".repeat(1025)));

    // A traceparent has 55 characters; 600 are garbage whatever the case of its name.
    assertThat(getter.get(call, "traceparent")).isNull();
    // Baggage may have up to 8192.
    assertThat(getter.get(call, "baggage")).isEqualTo(long600);
    assertThat(getter.get(call, "tracestate")).isNull();
    assertThat(getter.get(call, "b3")).isNull();
  }

  @Test
  void theQueryIsRedactedAndLeftOutWhenNotCaptured() {
    ServerCall call = servletCall(headers());
    assertThat(getter.getUrlQuery(call)).isEqualTo("page=2&token=REDACTED");
    assertThat(getter.getUrlPath(call)).isEqualTo("/shop/orders/42");
    assertThat(getter.getUrlScheme(call)).isEqualTo("https");

    ServerCallGetter noQuery =
        getter(HttpTracingConfig.builder().serverCaptureQuery(false).build());
    assertThat(noQuery.getUrlQuery(call)).isNull();
  }

  @Test
  void aJaxrsRequestGivesItsUrlAsSentWithoutTheFragment() {
    ServerCall call =
        new ServerCall(
            jaxrs("GET", URI.create("http://h/api/a%20b?password=x&q=1#frag"), headers()),
            null,
            false);

    assertThat(getter.getUrlPath(call)).isEqualTo("/api/a%20b");
    assertThat(getter.getUrlQuery(call)).isEqualTo("password=REDACTED&q=1");
    assertThat(getter.getUrlScheme(call)).isEqualTo("http");
  }

  @Test
  void thePeerAndProtocolComeFromTheServletRequest() {
    ServerCall call = servletCall(headers());

    assertThat(getter.getNetworkProtocolName(call, null)).isEqualTo("http");
    assertThat(getter.getNetworkProtocolVersion(call, null)).isEqualTo("1.1");
    assertThat(getter.getNetworkPeerAddress(call, null)).isEqualTo("192.0.2.7");
    assertThat(getter.getNetworkPeerPort(call, null)).isEqualTo(50123);
    assertThat(getter.getClientAddress(call)).isEqualTo("192.0.2.7");
    assertThat(getter.getHttpRoute(call)).isEqualTo("/orders/*");
  }

  @Test
  void theResponseGivesStatusAndHeaders() {
    ServerCall call = servletCall(headers());
    assertThat(getter.getHttpResponseStatusCode(call, ServerResponse.status(503), null))
        .isEqualTo(503);
    assertThat(getter.getHttpResponseStatusCode(call, null, new RuntimeException())).isNull();
    assertThat(getter.getHttpResponseHeader(call, ServerResponse.status(200), "x")).isEmpty();
    assertThat(getter.getHttpResponseHeader(call, null, "x")).isEmpty();
  }

  @Test
  void aServletRequestBecomesAServerSpanWithWhatTheGetterRead() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    try {
      JaxrsTracing tracing =
          new JaxrsTracing(
              sdk,
              HttpTracingConfig.builder().serverRequestHeaders(List.of("X-Request-Id")).build());
      ServerCall call =
          servletCall(
              headers(
                  "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                  "X-Request-ID", "r1",
                  "x-request-id", "r2"));

      assertThat(tracing.startServer(call)).isTrue();
      call.closeScopeOnThisThread();
      call.end(ServerResponse.status(200));

      List<SpanData> spans = exporter.getFinishedSpanItems();
      assertThat(spans).hasSize(1);
      assertThat(spans.get(0))
          .hasName("GET /orders/*")
          .hasKind(SpanKind.SERVER)
          .hasTraceId("0af7651916cd43dd8448eb211c80319c")
          .hasParentSpanId("b7ad6b7169203331");
      assertThat(spans.get(0).getAttributes().get(AttributeKey.stringKey("url.query")))
          .isEqualTo("page=2&token=REDACTED");
      assertThat(
              spans
                  .get(0)
                  .getAttributes()
                  .get(AttributeKey.stringArrayKey("http.request.header.x-request-id")))
          .containsExactly("r1", "r2");
      assertThat(spans.get(0).getAttributes().get(AttributeKey.stringKey("http.route")))
          .isEqualTo("/orders/*");
      assertThat(TraceId.isValid(spans.get(0).getTraceId())).isTrue();
    } finally {
      sdk.close();
    }
  }
}
