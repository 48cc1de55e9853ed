package dev.tracery.jaxrs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * How Tracery traces HTTP, read once at deployment. Immutable.
 *
 * <p>The {@code http} section of Tracery's configuration, built by the extension from MicroProfile
 * Config (its {@code ConfigKeys} table); the keys are documented in docs/configuration.md: {@code
 * tracery.http.server.excluded-paths}, {@code tracery.http.server.capture-query}, {@code
 * tracery.http.client.capture-query}, {@code tracery.http.redacted-query-parameters}, {@code
 * tracery.http.server.record-mapped-exceptions}, and OpenTelemetry's own {@code
 * otel.instrumentation.http.[server|client].capture-[request|response]-headers} and {@code
 * otel.instrumentation.http.known-methods}.
 */
public final class HttpTracingConfig {

  /**
   * Query parameters whose values never reach a span, whatever the configuration adds: the semantic
   * conventions' list for {@code url.query} and {@code url.full} ({@code AWSAccessKeyId}, {@code
   * Signature}, {@code sig}, {@code X-Goog-Signature}) and common credentials. Matched without
   * regard to case, after percent-decoding.
   */
  public static final List<String> DEFAULT_REDACTED_QUERY_PARAMETERS =
      List.of(
          "access_token",
          "api_key",
          "apikey",
          "auth",
          "authorization",
          "code",
          "client_secret",
          "id_token",
          "key",
          "password",
          "passwd",
          "pwd",
          "refresh_token",
          "secret",
          "session",
          "sessionid",
          "jsessionid",
          "sig",
          "signature",
          "token",
          "AWSAccessKeyId",
          "X-Goog-Signature",
          "X-Amz-Signature",
          "X-Amz-Credential",
          "X-Amz-Security-Token");

  /** Queries are recorded, as the semantic conventions and MicroProfile Telemetry expect. */
  public static final boolean DEFAULT_CAPTURE_QUERY = true;

  /** The HTTP methods of RFC 9110 and RFC 5789 that the semantic conventions know. */
  public static final List<String> DEFAULT_KNOWN_METHODS =
      List.of("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE");

  private final List<String> excludedPaths;
  private final boolean serverCaptureQuery;
  private final boolean clientCaptureQuery;
  private final Set<String> redactedQueryParameters;
  private final String[] redactedQueryParameterNames;
  private final List<String> serverRequestHeaders;
  private final List<String> serverResponseHeaders;
  private final List<String> clientRequestHeaders;
  private final List<String> clientResponseHeaders;
  private final Set<String> knownMethods;
  private final boolean recordMappedExceptions;

  private HttpTracingConfig(Builder builder) {
    this.excludedPaths = List.copyOf(builder.excludedPaths);
    this.serverCaptureQuery = builder.serverCaptureQuery;
    this.clientCaptureQuery = builder.clientCaptureQuery;
    Set<String> redacted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    redacted.addAll(DEFAULT_REDACTED_QUERY_PARAMETERS);
    redacted.addAll(builder.redactedQueryParameters);
    this.redactedQueryParameters = redacted;
    this.redactedQueryParameterNames = redacted.toArray(new String[0]);
    this.serverRequestHeaders = lower(builder.serverRequestHeaders);
    this.serverResponseHeaders = lower(builder.serverResponseHeaders);
    this.clientRequestHeaders = lower(builder.clientRequestHeaders);
    this.clientResponseHeaders = lower(builder.clientResponseHeaders);
    this.knownMethods = Set.copyOf(builder.knownMethods);
    this.recordMappedExceptions = builder.recordMappedExceptions;
  }

  private static List<String> lower(List<String> names) {
    List<String> lower = new ArrayList<>();
    for (String name : names) {
      lower.add(name.trim().toLowerCase(Locale.ROOT));
    }
    return List.copyOf(lower);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Defaults only: nothing excluded, queries recorded with sensitive values redacted, no headers
   * captured.
   */
  public static HttpTracingConfig defaults() {
    return builder().build();
  }

  /** Path patterns that make no span: exact paths, or prefixes ending in {@code *}. */
  public List<String> excludedPaths() {
    return excludedPaths;
  }

  /**
   * Whether SERVER spans record {@code url.query} (redacted); default {@value
   * #DEFAULT_CAPTURE_QUERY}.
   */
  public boolean serverCaptureQuery() {
    return serverCaptureQuery;
  }

  /**
   * Whether the {@code url.full} of CLIENT spans keeps the query (redacted); default {@value
   * #DEFAULT_CAPTURE_QUERY}.
   */
  public boolean clientCaptureQuery() {
    return clientCaptureQuery;
  }

  public Set<String> redactedQueryParameters() {
    return redactedQueryParameters;
  }

  /**
   * The same names as an array, for matching on the request path without allocation. Not to be
   * modified.
   */
  public String[] redactedQueryParameterNames() {
    return redactedQueryParameterNames;
  }

  public List<String> serverRequestHeaders() {
    return serverRequestHeaders;
  }

  public List<String> serverResponseHeaders() {
    return serverResponseHeaders;
  }

  public List<String> clientRequestHeaders() {
    return clientRequestHeaders;
  }

  public List<String> clientResponseHeaders() {
    return clientResponseHeaders;
  }

  public Set<String> knownMethods() {
    return knownMethods;
  }

  /**
   * Whether an exception a resource method throws is recorded on the server span also when an
   * {@code ExceptionMapper} turns it into a response (default {@code true}). Seeing it takes an
   * interceptor on every resource method of a CDI resource, which for request-scoped resources (the
   * JAX-RS default) makes the container build an intercepted instance per request.
   */
  public boolean recordMappedExceptions() {
    return recordMappedExceptions;
  }

  /** Collects the settings; every list defaults to empty. */
  public static final class Builder {
    private List<String> excludedPaths = List.of();
    private boolean serverCaptureQuery = DEFAULT_CAPTURE_QUERY;
    private boolean clientCaptureQuery = DEFAULT_CAPTURE_QUERY;
    private List<String> redactedQueryParameters = List.of();
    private List<String> serverRequestHeaders = List.of();
    private List<String> serverResponseHeaders = List.of();
    private List<String> clientRequestHeaders = List.of();
    private List<String> clientResponseHeaders = List.of();
    private Collection<String> knownMethods = DEFAULT_KNOWN_METHODS;
    private boolean recordMappedExceptions = true;

    private Builder() {}

    public Builder excludedPaths(List<String> paths) {
      this.excludedPaths = paths;
      return this;
    }

    public Builder serverCaptureQuery(boolean capture) {
      this.serverCaptureQuery = capture;
      return this;
    }

    public Builder clientCaptureQuery(boolean capture) {
      this.clientCaptureQuery = capture;
      return this;
    }

    public Builder redactedQueryParameters(List<String> names) {
      this.redactedQueryParameters = names;
      return this;
    }

    public Builder serverRequestHeaders(List<String> names) {
      this.serverRequestHeaders = names;
      return this;
    }

    public Builder serverResponseHeaders(List<String> names) {
      this.serverResponseHeaders = names;
      return this;
    }

    public Builder clientRequestHeaders(List<String> names) {
      this.clientRequestHeaders = names;
      return this;
    }

    public Builder clientResponseHeaders(List<String> names) {
      this.clientResponseHeaders = names;
      return this;
    }

    public Builder knownMethods(Collection<String> methods) {
      this.knownMethods = methods;
      return this;
    }

    public Builder recordMappedExceptions(boolean record) {
      this.recordMappedExceptions = record;
      return this;
    }

    public HttpTracingConfig build() {
      return new HttpTracingConfig(this);
    }
  }
}
