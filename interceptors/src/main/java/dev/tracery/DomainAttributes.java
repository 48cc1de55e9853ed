package dev.tracery;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UserAgentAttributes;

/**
 * Attribute keys for what applications most often put on their own spans: the user, the session,
 * request and correlation ids, the remote service called, a cache hit. Use them with {@link Spans}
 * or any OpenTelemetry span ({@code span.setAttribute(DomainAttributes.USER_ID, id)}).
 *
 * <p>Where the OpenTelemetry semantic conventions define an attribute, the key is theirs (checked
 * against semantic conventions 1.43: {@code user.id}, {@code session.id}, {@code
 * service.peer.name}, {@code server.address}, {@code server.port}, {@code user_agent.original},
 * {@code error.type}). Where they define none ({@code request.id}, {@code correlation.id}, {@code
 * cache.hit}), the key is the plain name the field uses; Tracery will follow the conventions if
 * they add one. Constants only; thread-safe.
 */
public final class DomainAttributes {

  private DomainAttributes() {}

  /**
   * {@code user.id}: the application's identifier of the user (semantic conventions, development).
   */
  public static final AttributeKey<String> USER_ID = AttributeKey.stringKey("user.id");

  /**
   * {@code session.id}: the application's identifier of the session (semantic conventions,
   * development).
   */
  public static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("session.id");

  /**
   * {@code user_agent.original}: the client's User-Agent as received (semantic conventions,
   * stable).
   */
  public static final AttributeKey<String> USER_AGENT_ORIGINAL =
      UserAgentAttributes.USER_AGENT_ORIGINAL;

  /**
   * {@code request.id}: an application-assigned id of the request (an {@code X-Request-ID}); the
   * conventions have none. The trace id already identifies the trace: add this only to find a
   * request by the id other systems log.
   */
  public static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("request.id");

  /**
   * {@code correlation.id}: an id the application carries across systems; the conventions have
   * none.
   */
  public static final AttributeKey<String> CORRELATION_ID =
      AttributeKey.stringKey("correlation.id");

  /**
   * {@code service.peer.name}: the logical name of the remote service called, as the called service
   * names itself (semantic conventions, development; it replaces the deprecated {@code
   * peer.service}).
   */
  public static final AttributeKey<String> SERVICE_PEER_NAME =
      AttributeKey.stringKey("service.peer.name");

  /**
   * {@code server.address}: the host name or address of the server called (semantic conventions,
   * stable).
   */
  public static final AttributeKey<String> SERVER_ADDRESS = ServerAttributes.SERVER_ADDRESS;

  /** {@code server.port}: the port of the server called (semantic conventions, stable). */
  public static final AttributeKey<Long> SERVER_PORT = ServerAttributes.SERVER_PORT;

  /**
   * {@code error.type}: the class of error an operation ended with (semantic conventions, stable);
   * {@link Spans} sets it from the exception; set it yourself only for an error you get as a value.
   */
  public static final AttributeKey<String> ERROR_TYPE = ErrorAttributes.ERROR_TYPE;

  /**
   * {@code cache.hit}: whether a cache lookup found the entry (boolean); the conventions have no
   * general cache attribute.
   */
  public static final AttributeKey<Boolean> CACHE_HIT = AttributeKey.booleanKey("cache.hit");
}
