package dev.tracery.jaxrs.internal;

import jakarta.ws.rs.Path;
import java.lang.reflect.Method;

/** Route templates from {@code @Path} annotations, and path patterns. */
final class Routes {

  private Routes() {}

  /**
   * The template of a resource method, class path then method path, as in {@code /orders/{id}};
   * regular expressions in parameters ({@code {id: [0-9]+}}) are left out.
   */
  static String template(Class<?> resourceClass, Method method) {
    Path classPath =
        findClassPath(resourceClass == null ? method.getDeclaringClass() : resourceClass);
    Path methodPath = findMethodPath(method);
    return join(
        classPath == null ? "" : classPath.value(), methodPath == null ? "" : methodPath.value());
  }

  private static Path findClassPath(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      Path path = c.getAnnotation(Path.class);
      if (path != null) {
        return path;
      }
      for (Class<?> implemented : c.getInterfaces()) {
        path = implemented.getAnnotation(Path.class);
        if (path != null) {
          return path;
        }
      }
    }
    return null;
  }

  private static Path findMethodPath(Method method) {
    Path path = method.getAnnotation(Path.class);
    if (path != null) {
      return path;
    }
    // JAX-RS annotations may sit on an interface or superclass method that this one implements.
    for (Class<?> c = method.getDeclaringClass();
        c != null && c != Object.class;
        c = c.getSuperclass()) {
      path = pathOf(c, method);
      if (path != null) {
        return path;
      }
      for (Class<?> implemented : c.getInterfaces()) {
        path = pathOf(implemented, method);
        if (path != null) {
          return path;
        }
      }
    }
    return null;
  }

  private static Path pathOf(Class<?> type, Method method) {
    try {
      return type.getDeclaredMethod(method.getName(), method.getParameterTypes())
          .getAnnotation(Path.class);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /**
   * Joins path segments into {@code /a/b/{c}}: one slash between, a leading slash, no trailing
   * slash.
   */
  static String join(String... parts) {
    StringBuilder route = new StringBuilder();
    for (String part : parts) {
      for (String segment : part.split("/")) {
        if (!segment.isEmpty()) {
          route.append('/').append(withoutRegex(segment));
        }
      }
    }
    return route.length() == 0 ? "/" : route.toString();
  }

  private static String withoutRegex(String segment) {
    if (segment.indexOf(':') < 0 || segment.indexOf('{') < 0) {
      return segment;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < segment.length()) {
      char c = segment.charAt(i);
      if (c == '{') {
        int close = segment.indexOf('}', i);
        if (close < 0) {
          out.append(segment, i, segment.length());
          break;
        }
        String parameter = segment.substring(i + 1, close);
        int colon = parameter.indexOf(':');
        out.append('{')
            .append((colon < 0 ? parameter : parameter.substring(0, colon)).trim())
            .append('}');
        i = close + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** An exact path, or a prefix when the pattern ends in {@code *}. */
  static boolean matches(String pattern, String path) {
    if (path == null) {
      return false;
    }
    if (pattern.endsWith("*")) {
      return path.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(path);
  }
}
