package dev.tracery.jaxrs.internal;

import dev.tracery.jaxrs.HttpTracingConfig;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.instrumentation.api.semconv.http.HttpClientAttributesGetter;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URI;
import java.util.Collections;
import java.util.List;

/**
 * Reads what the HTTP semantic conventions need from a JAX-RS client request and response, and
 * writes the propagation headers into the outgoing request.
 */
final class ClientRequestGetter
    implements HttpClientAttributesGetter<ClientRequestContext, ClientResponseContext>,
        TextMapSetter<ClientRequestContext> {

  private final HttpTracingConfig config;

  ClientRequestGetter(HttpTracingConfig config) {
    this.config = config;
  }

  @Override
  public void set(ClientRequestContext request, String key, String value) {
    if (request == null) {
      return;
    }
    MultivaluedMap<String, Object> headers = request.getHeaders();
    // remove + add, not putSingle: a list another filter put there may be immutable
    // (seen on WildFly with its own OpenTelemetry filter: UnsupportedOperationException in
    // putSingle).
    headers.remove(key);
    headers.add(key, value);
  }

  @Override
  public String getHttpRequestMethod(ClientRequestContext request) {
    return request.getMethod();
  }

  @Override
  public List<String> getHttpRequestHeader(ClientRequestContext request, String name) {
    List<String> values = request.getStringHeaders().get(name);
    return values == null ? Collections.emptyList() : values;
  }

  @Override
  public Integer getHttpResponseStatusCode(
      ClientRequestContext request, ClientResponseContext response, Throwable error) {
    return response == null ? null : response.getStatus();
  }

  @Override
  public List<String> getHttpResponseHeader(
      ClientRequestContext request, ClientResponseContext response, String name) {
    if (response == null) {
      return Collections.emptyList();
    }
    List<String> values = response.getHeaders().get(name);
    return values == null ? Collections.emptyList() : values;
  }

  @Override
  public String getUrlFull(ClientRequestContext request) {
    URI uri = request.getUri();
    return uri == null
        ? null
        : Urls.redactUrl(
            uri.toString(), config.redactedQueryParameterNames(), config.clientCaptureQuery());
  }

  @Override
  public String getServerAddress(ClientRequestContext request) {
    URI uri = request.getUri();
    return uri == null ? null : uri.getHost();
  }

  @Override
  public Integer getServerPort(ClientRequestContext request) {
    URI uri = request.getUri();
    if (uri == null) {
      return null;
    }
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    if ("https".equalsIgnoreCase(uri.getScheme())) {
      return 443;
    }
    if ("http".equalsIgnoreCase(uri.getScheme())) {
      return 80;
    }
    return null;
  }

  @Override
  public String getNetworkProtocolName(
      ClientRequestContext request, ClientResponseContext response) {
    return "http";
  }
}
