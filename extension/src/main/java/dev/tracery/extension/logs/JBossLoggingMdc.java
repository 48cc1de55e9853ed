package dev.tracery.extension.logs;

import org.jboss.logging.MDC;

/**
 * JBoss Logging's MDC; on WildFly it is JBoss Log Manager's, which the pattern formatter's {@code
 * %X} reads.
 */
final class JBossLoggingMdc implements MdcTarget {

  static final String PROBE = "org.jboss.logging.MDC";

  @Override
  public void put(String key, String value) {
    MDC.put(key, value);
  }

  @Override
  public void remove(String key) {
    MDC.remove(key);
  }

  @Override
  public String get(String key) {
    Object value = MDC.get(key);
    return value == null ? null : value.toString();
  }

  @Override
  public String name() {
    return "JBoss Logging MDC";
  }
}
