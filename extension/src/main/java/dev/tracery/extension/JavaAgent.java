package dev.tracery.extension;

/**
 * Whether the OpenTelemetry Java agent is attached to this JVM. The agent puts its bootstrap
 * classes on the boot class path, where no application or server can put this one.
 */
final class JavaAgent {

  static final String BOOTSTRAP_CLASS = "io.opentelemetry.javaagent.bootstrap.AgentInitializer";

  private JavaAgent() {}

  static boolean isAttached() {
    try {
      Class.forName(BOOTSTRAP_CLASS, false, null);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
