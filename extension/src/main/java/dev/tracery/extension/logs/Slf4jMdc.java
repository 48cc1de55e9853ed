package dev.tracery.extension.logs;

import org.slf4j.MDC;

/**
 * SLF4J's MDC, as bound to whatever SLF4J provider the application sees (Logback, JBoss Log
 * Manager, ...).
 */
final class Slf4jMdc implements MdcTarget {

  static final String PROBE = "org.slf4j.MDC";

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
    return MDC.get(key);
  }

  @Override
  public String name() {
    return "SLF4J MDC";
  }
}
