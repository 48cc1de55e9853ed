package dev.tracery.extension.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds, once at deployment, the MDCs of the logging APIs the application can see: JBoss Logging's,
 * SLF4J's and Log4j 2's {@code ThreadContext}. None of them is a dependency of Tracery: a class
 * that names an API is only loaded when that API is present. An API whose MDC stores nothing (SLF4J
 * without a provider) is left out, and so is one that shares its store with an API found before it
 * (on WildFly, SLF4J's and Log4j's MDC may be JBoss Log Manager's, like JBoss Logging's): each
 * value is then written once.
 */
final class MdcTargets {

  private static final Logger LOG = Logger.getLogger(MdcTargets.class.getName());
  private static final String PROBE_KEY = "tracery.probe";

  /** What was found: the targets to write, and one line per API for the deployment log. */
  static final class Found {
    final MdcTarget[] targets;
    final List<String> description;

    Found(MdcTarget[] targets, List<String> description) {
      this.targets = targets;
      this.description = description;
    }
  }

  private MdcTargets() {}

  static Found find() {
    List<MdcTarget> targets = new ArrayList<>();
    List<String> description = new ArrayList<>();
    consider(JBossLoggingMdc.PROBE, targets, description);
    consider(Slf4jMdc.PROBE, targets, description);
    consider(Log4jThreadContext.PROBE, targets, description);
    return new Found(targets.toArray(new MdcTarget[0]), List.copyOf(description));
  }

  /** Only here, after the API was found, is the class that names it loaded. */
  private static MdcTarget create(String probeClass) {
    switch (probeClass) {
      case JBossLoggingMdc.PROBE:
        return new JBossLoggingMdc();
      case Slf4jMdc.PROBE:
        return new Slf4jMdc();
      default:
        return new Log4jThreadContext();
    }
  }

  private static void consider(
      String probeClass, List<MdcTarget> targets, List<String> description) {
    if (!present(probeClass)) {
      return;
    }
    MdcTarget candidate = null;
    try {
      candidate = create(probeClass);
      String value = "probe-" + System.identityHashCode(candidate) + "-" + System.nanoTime();
      candidate.put(PROBE_KEY, value);
      try {
        if (!value.equals(candidate.get(PROBE_KEY))) {
          description.add(
              candidate.name() + ": stores nothing here (no logging provider bound), not written");
          return;
        }
        for (MdcTarget existing : targets) {
          if (value.equals(existing.get(PROBE_KEY))) {
            description.add(candidate.name() + ": the same store as " + existing.name());
            return;
          }
        }
      } finally {
        candidate.remove(PROBE_KEY);
      }
      targets.add(candidate);
      description.add(candidate.name());
    } catch (RuntimeException | LinkageError e) {
      // A broken or partial logging API on the class path: leave it out, the others still work.
      String name = candidate == null ? probeClass : candidate.name();
      description.add(name + ": unusable (" + e + "), not written");
      if (LOG.isLoggable(Level.FINE)) {
        LOG.log(Level.FINE, "Tracery: " + name + " cannot be used for log correlation", e);
      }
    }
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, MdcTargets.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
