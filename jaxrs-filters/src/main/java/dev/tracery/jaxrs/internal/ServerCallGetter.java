package dev.tracery.jaxrs.internal;

import dev.tracery.jaxrs.HttpTracingConfig;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerAttributesGetter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Reads what the HTTP semantic conventions and the propagators need from a JAX-RS server request
 * (and, in a servlet container, the servlet request behind it). Which attributes a span gets, its
 * name and its status are decided by OpenTelemetry's HTTP extractors; this getter only applies the
 * two rules that must hold before any of them sees a value:
 *
 * <ul>
 *   <li>propagation headers beyond the sizes their specifications allow are treated as absent, so a
 *       hostile header never reaches a parser; they are reported by {@link HeaderWarnings}, at most
 *       one line a minute per kind;
 *   <li>the query is left out while {@code tracery.http.server.capture-query} is false, and
 *       otherwise has the values of sensitive parameters redacted ({@link Urls}).
 * </ul>
 */
public final class ServerCallGetter
    implements HttpServerAttributesGetter<ServerCall, ServerResponse>, TextMapGetter<ServerCall> {

  /**
   * W3C Trace Context: traceparent is 55 characters for version 00; future versions may add fields.
   */
  static final int MAX_TRACEPARENT = 512;

  /** W3C Trace Context: at most 32 list members of at most 256 characters, plus separators. */
  static final int MAX_TRACESTATE = 32 * 257;

  /** W3C Baggage: 8192 bytes in all. */
  static final int MAX_BAGGAGE = 8192;

  /** Any other propagation header (b3, uber-trace-id, ...). */
  static final int MAX_OTHER = 1024;

  private final HttpTracingConfig config;
  private final HeaderWarnings warnings;

  ServerCallGetter(HttpTracingConfig config, HeaderWarnings warnings) {
    this.config = config;
    this.warnings = warnings;
  }

  // TextMapGetter: what propagators read.

  @Override
  public Iterable<String> keys(ServerCall call) {
    return call.servlet != null
        ? Collections.list(call.servlet.getHeaderNames())
        : call.request.getHeaders().keySet();
  }

  @Override
  public String get(ServerCall call, String key) {
    if (call == null) {
      return null;
    }
    String value =
        call.servlet != null ? call.servlet.getHeader(key) : call.request.getHeaderString(key);
    if (value == null) {
      return null;
    }
    if (value.length() > MAX_TRACEPARENT) {
      HeaderWarnings.Kind kind = kind(key);
      int limit = limit(kind);
      if (value.length() > limit) {
        warnings.oversized(kind, value.length(), limit);
        return null;
      }
    }
    return value;
  }

  /** The kind of a propagation header: a fixed few, whatever name a client invents. */
  private static HeaderWarnings.Kind kind(String key) {
    if (key.equalsIgnoreCase("traceparent")) {
      return HeaderWarnings.Kind.TRACEPARENT;
    }
    if (key.equalsIgnoreCase("tracestate")) {
      return HeaderWarnings.Kind.TRACESTATE;
    }
    if (key.equalsIgnoreCase("baggage")) {
      return HeaderWarnings.Kind.BAGGAGE;
    }
    return HeaderWarnings.Kind.OTHER;
  }

  private static int limit(HeaderWarnings.Kind kind) {
    switch (kind) {
      case TRACEPARENT:
        return MAX_TRACEPARENT;
      case TRACESTATE:
        return MAX_TRACESTATE;
      case BAGGAGE:
        return MAX_BAGGAGE;
      default:
        return MAX_OTHER;
    }
  }

  // HttpServerAttributesGetter: what the semantic conventions record.

  @Override
  public String getHttpRequestMethod(ServerCall call) {
    return call.request != null ? call.request.getMethod() : call.servlet.getMethod();
  }

  @Override
  public String getHttpRoute(ServerCall call) {
    return call.route;
  }

  @Override
  public List<String> getHttpRequestHeader(ServerCall call, String name) {
    if (call.servlet != null) {
      // The servlet container's own header map: no JAX-RS header objects built for a span's
      // attributes.
      String first = call.servlet.getHeader(name);
      if (first == null) {
        return Collections.emptyList();
      }
      Enumeration<String> all = call.servlet.getHeaders(name);
      List<String> values = new ArrayList<>(1);
      while (all.hasMoreElements()) {
        values.add(all.nextElement());
      }
      return values.isEmpty() ? List.of(first) : values;
    }
    List<String> values = call.request.getHeaders().get(name);
    return values == null ? Collections.emptyList() : values;
  }

  @Override
  public Integer getHttpResponseStatusCode(
      ServerCall call, ServerResponse response, Throwable error) {
    return response == null ? null : response.status();
  }

  @Override
  public List<String> getHttpResponseHeader(ServerCall call, ServerResponse response, String name) {
    return response == null ? Collections.emptyList() : response.header(name);
  }

  // In a servlet container the URL comes from the servlet request: the JAX-RS runtime would build a
  // URI.

  @Override
  public String getUrlScheme(ServerCall call) {
    return call.servlet != null
        ? call.servlet.getScheme()
        : call.request.getUriInfo().getRequestUri().getScheme();
  }

  @Override
  public String getUrlPath(ServerCall call) {
    return rawPath(call);
  }

  /** The request's path as sent, not decoded, without the query. */
  public static String rawPath(ServerCall call) {
    return call.servlet != null
        ? call.servlet.getRequestURI()
        : call.request.getUriInfo().getRequestUri().getRawPath();
  }

  @Override
  public String getUrlQuery(ServerCall call) {
    if (!config.serverCaptureQuery()) {
      return null;
    }
    String query =
        call.servlet != null
            ? call.servlet.getQueryString()
            : call.request.getUriInfo().getRequestUri().getRawQuery();
    return Urls.redactQuery(Urls.withoutFragment(query), config.redactedQueryParameterNames());
  }

  @Override
  public String getNetworkProtocolName(ServerCall call, ServerResponse response) {
    return "http";
  }

  @Override
  public String getNetworkProtocolVersion(ServerCall call, ServerResponse response) {
    return call.protocolVersion;
  }

  @Override
  public String getNetworkPeerAddress(ServerCall call, ServerResponse response) {
    return call.peerAddress;
  }

  @Override
  public Integer getNetworkPeerPort(ServerCall call, ServerResponse response) {
    return call.peerPort;
  }

  @Override
  public String getClientAddress(ServerCall call) {
    return call.peerAddress;
  }
}
