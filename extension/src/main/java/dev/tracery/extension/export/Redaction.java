package dev.tracery.extension.export;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keeps the exporter's secrets out of what the export path logs: endpoint URLs are shown as scheme,
 * host, port and path only (no userinfo, no query, no fragment), and the values of the exporter's
 * headers, the URL's userinfo and its query are cut out of exception messages, cause chains
 * included, before anything is logged. Immutable; thread-safe.
 */
final class Redaction {

  private static final String REDACTED = "REDACTED";

  /**
   * Too short to be searched for without mangling ordinary words; such a value is never logged
   * anyway.
   */
  private static final int MIN_SECRET_LENGTH = 3;

  private final List<String> secrets;

  private Redaction(List<String> secrets) {
    this.secrets = secrets;
  }

  static Redaction none() {
    return new Redaction(List.of());
  }

  /**
   * The secrets of one sender: its header values (as the supplier gives them now), userinfo and
   * query.
   */
  static Redaction of(URI endpoint, Supplier<Map<String, List<String>>> headers) {
    List<String> secrets = new ArrayList<>();
    if (endpoint != null) {
      add(secrets, endpoint.getRawUserInfo());
      add(secrets, endpoint.getUserInfo());
      add(secrets, endpoint.getRawQuery());
      add(secrets, endpoint.getQuery());
    }
    if (headers != null) {
      try {
        Map<String, List<String>> values = headers.get();
        if (values != null) {
          values.values().forEach(list -> list.forEach(value -> add(secrets, value)));
        }
      } catch (RuntimeException | Error e) {
        // A supplier that fails now fails at send time too, where it is reported without its
        // values.
      }
    }
    // Longest first, so that a value containing another is cut out whole.
    secrets.sort((a, b) -> b.length() - a.length());
    return new Redaction(List.copyOf(secrets));
  }

  private static void add(List<String> secrets, String value) {
    if (value != null && value.length() >= MIN_SECRET_LENGTH && !secrets.contains(value)) {
      secrets.add(value);
    }
  }

  /** {@code scheme://host:port/path} of an endpoint: what a log line may show of it. */
  static String endpoint(URI uri) {
    if (uri == null) {
      return "(no endpoint)";
    }
    StringBuilder shown = new StringBuilder();
    if (uri.getScheme() != null) {
      shown.append(uri.getScheme()).append("://");
    }
    if (uri.getHost() != null) {
      shown.append(uri.getHost());
      if (uri.getPort() >= 0) {
        shown.append(':').append(uri.getPort());
      }
    }
    if (uri.getRawPath() != null) {
      shown.append(uri.getRawPath());
    }
    return shown.toString();
  }

  /** The text with every secret replaced by {@code REDACTED}; null stays null. */
  String scrub(String text) {
    if (text == null) {
      return null;
    }
    String scrubbed = text;
    for (String secret : secrets) {
      scrubbed = scrubbed.replace(secret, REDACTED);
    }
    return scrubbed;
  }

  /** A short reason for a log line: the exception's class and its scrubbed message. */
  String describe(Throwable e) {
    String message = scrub(e.getMessage());
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /**
   * A copy of the exception and its causes that can be logged: the same classes named, the same
   * stack traces, the messages scrubbed. Never the original, whose messages or causes may hold a
   * secret.
   */
  Throwable scrub(Throwable e) {
    return copy(e, 0);
  }

  private Throwable copy(Throwable e, int depth) {
    if (e == null || depth > 16) {
      return null;
    }
    Throwable cause = copy(e.getCause() == e ? null : e.getCause(), depth + 1);
    Throwable copy =
        new RedactedException(
            e.getClass().getName() + (e.getMessage() == null ? "" : ": " + scrub(e.getMessage())),
            cause);
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }

  /**
   * Stands for an exception whose message was scrubbed; its message starts with the original class.
   */
  static final class RedactedException extends Exception {
    private static final long serialVersionUID = 1L;

    RedactedException(String message, Throwable cause) {
      super(message, cause, false, true);
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }
}
