package dev.tracery.testing;

import java.util.List;
import java.util.Map;

/**
 * One span as an OTLP endpoint received it, decoded from the protobuf request.
 *
 * @param traceId hex trace id
 * @param spanId hex span id
 * @param parentSpanId hex parent span id, empty for a root span
 * @param name span name
 * @param kind OTLP kind name without prefix: INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER
 * @param attributes span attributes (String, Long, Double, Boolean or List values)
 * @param resource resource attributes
 * @param scope instrumentation scope name
 * @param status OTLP status code name without prefix: UNSET, OK, ERROR
 * @param events event names in order
 * @param startNanos start, epoch nanoseconds
 * @param endNanos end, epoch nanoseconds
 */
public record ReceivedSpan(
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    String kind,
    Map<String, Object> attributes,
    Map<String, Object> resource,
    String scope,
    String status,
    List<String> events,
    long startNanos,
    long endNanos) {

  public Object attribute(String key) {
    return attributes.get(key);
  }

  public Object resourceAttribute(String key) {
    return resource.get(key);
  }

  public boolean isRoot() {
    return parentSpanId.isEmpty();
  }

  public boolean isChildOf(ReceivedSpan parent) {
    return traceId.equals(parent.traceId) && parentSpanId.equals(parent.spanId);
  }
}
