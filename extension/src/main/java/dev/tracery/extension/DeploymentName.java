package dev.tracery.extension;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The name of the deployment, the {@code service.name} of an application that does not set {@code
 * otel.service.name}: the module name Jakarta EE binds at {@code java:module/ModuleName} (a WAR
 * {@code orders.war} is {@code orders}), else the application name, else, outside a Jakarta EE
 * server, the main class of the JVM.
 */
final class DeploymentName {

  static final String FALLBACK = "java-application";

  private DeploymentName() {}

  static String find() {
    String name = lookup("java:module/ModuleName");
    if (name == null) {
      name = lookup("java:app/AppName");
    }
    if (name == null) {
      name = mainClass();
    }
    return name == null ? FALLBACK : name;
  }

  private static String lookup(String jndiName) {
    try {
      Object value = new InitialContext().lookup(jndiName);
      return value instanceof String && !((String) value).isBlank() ? (String) value : null;
    } catch (NamingException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static String mainClass() {
    String command = System.getProperty("sun.java.command");
    if (command == null || command.isBlank()) {
      return null;
    }
    String first = command.trim().split("\\s+", 2)[0];
    if (first.endsWith(".jar")) {
      int slash = Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\'));
      return first.substring(slash + 1, first.length() - ".jar".length());
    }
    int dot = first.lastIndexOf('.');
    return dot >= 0 ? first.substring(dot + 1) : first;
  }
}
