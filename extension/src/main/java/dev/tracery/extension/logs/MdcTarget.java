package dev.tracery.extension.logs;

/**
 * One logging API's per-thread map of diagnostic values (an MDC) that log formats can print. Each
 * implementation names its logging API and is only loaded after {@link MdcTargets} found that API.
 * Implementations never throw: logging must not fail the traced code.
 */
interface MdcTarget {

  void put(String key, String value);

  void remove(String key);

  String get(String key);

  /** The API's name, for the deployment log line. */
  String name();
}
