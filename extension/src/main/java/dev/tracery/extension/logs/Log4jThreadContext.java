package dev.tracery.extension.logs;

import org.apache.logging.log4j.ThreadContext;

/** Log4j 2's {@code ThreadContext}, which Log4j's {@code %X} pattern reads. */
final class Log4jThreadContext implements MdcTarget {

  static final String PROBE = "org.apache.logging.log4j.ThreadContext";

  @Override
  public void put(String key, String value) {
    ThreadContext.put(key, value);
  }

  @Override
  public void remove(String key) {
    ThreadContext.remove(key);
  }

  @Override
  public String get(String key) {
    return ThreadContext.get(key);
  }

  @Override
  public String name() {
    return "Log4j 2 ThreadContext";
  }
}
