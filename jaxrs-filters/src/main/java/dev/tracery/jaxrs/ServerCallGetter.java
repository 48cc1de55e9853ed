package dev.tracery.jaxrs;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerAttributesGetter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads what the HTTP semantic conventions and the propagators need from a JAX-RS server request (and,
 * in a servlet container, the servlet request behind it). A dumb accessor: the policy is in
 * OpenTelemetry's HTTP extractors.
 *
 * <p>Propagation headers beyond the sizes their specifications allow are treated as absent, so a hostile
 * header never reaches a parser; each kind of such header is logged once.
 */
final class ServerCallGetter
    implements HttpServerAttributesGetter<ServerCall, ServerResponse>, TextMapGetter<ServerCall> {

  private static final Logger LOG = Logger.getLogger(ServerCallGetter.class.getName());

  /** W3C Trace Context: traceparent is 55 characters for version 00; future versions may add fields. */
  static final int MAX_TRACEPARENT = 512;
  /** W3C Trace Context: at most 32 list members of at most 256 characters, plus separators. */
  static final int MAX_TRACESTATE = 32 * 257;
  /** W3C Baggage: 8192 bytes in all. */
  static final int MAX_BAGGAGE = 8192;
  /** Any other propagation header (b3, uber-trace-id, ...). */
  static final int MAX_OTHER = 1024;

  private final HttpTracingConfig config;
  private final Set<String> oversizedLogged = ConcurrentHashMap.newKeySet();

  ServerCallGetter(HttpTracingConfig config) {
    this.config = config;
  }

  // TextMapGetter: what propagators read.

  @Override
  public Iterable<String> keys(ServerCall call) {
    return call.servlet != null ? Collections.list(call.servlet.getHeaderNames()) : call.request.getHeaders().keySet();
  }

  @Override
  public String get(ServerCall call, String key) {
    if (call == null) {
      return null;
    }
    String value = call.servlet != null ? call.servlet.getHeader(key) : call.request.getHeaderString(key);
    if (value == null) {
      return null;
    }
    int limit = limit(key);
    if (value.length() > limit) {
      String name = key.toLowerCase(Locale.ROOT);
      if (oversizedLogged.add(name)) {
        LOG.warning(
            "Tracery: ignored a '" + name + "' request header of " + value.length()
                + " characters (at most " + limit + " allowed)"
                + (name.equals("traceparent") ? "; the request starts a new trace. " : ". ")
                + "Further oversized '" + name + "' headers are ignored without a log line.");
      } else if (LOG.isLoggable(Level.FINE)) {
        LOG.fine("Tracery: ignored an oversized '" + name + "' header");
      }
      return null;
    }
    return value;
  }

  private static int limit(String key) {
    if (key.equalsIgnoreCase("traceparent")) {
      return MAX_TRACEPARENT;
    }
    if (key.equalsIgnoreCase("tracestate")) {
      return MAX_TRACESTATE;
    }
    if (key.equalsIgnoreCase("baggage")) {
      return MAX_BAGGAGE;
    }
    return MAX_OTHER;
  }

  // HttpServerAttributesGetter: what the semantic conventions record.

  @Override
  public String getHttpRequestMethod(ServerCall call) {
    return call.request.getMethod();
  }

  @Override
  public List<String> getHttpRequestHeader(ServerCall call, String name) {
    if (call.servlet != null) {
      // The servlet container's own header map: no JAX-RS header objects built for a span's attributes.
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
  public Integer getHttpResponseStatusCode(ServerCall call, ServerResponse response, Throwable error) {
    return response == null ? null : response.status();
  }

  @Override
  public List<String> getHttpResponseHeader(ServerCall call, ServerResponse response, String name) {
    return response == null ? Collections.emptyList() : response.header(name);
  }

  // In a servlet container the URL comes from the servlet request: the JAX-RS runtime would build a URI.

  @Override
  public String getUrlScheme(ServerCall call) {
    return call.servlet != null ? call.servlet.getScheme() : call.request.getUriInfo().getRequestUri().getScheme();
  }

  @Override
  public String getUrlPath(ServerCall call) {
    return rawPath(call);
  }

  /** The request's path as sent, not decoded, without the query. */
  static String rawPath(ServerCall call) {
    return call.servlet != null ? call.servlet.getRequestURI() : call.request.getUriInfo().getRequestUri().getRawPath();
  }

  @Override
  public String getUrlQuery(ServerCall call) {
    if (!config.serverCaptureQuery()) {
      return null;
    }
    String query =
        call.servlet != null ? call.servlet.getQueryString() : call.request.getUriInfo().getRequestUri().getRawQuery();
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
