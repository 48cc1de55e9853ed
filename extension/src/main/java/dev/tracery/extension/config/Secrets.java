package dev.tracery.extension.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secrets of one application's configuration, so that none of them reaches a deployment error
 * message, a log line or the cause chain of an exception Tracery throws or logs: every value of an
 * exporter {@code headers} key (API keys, bearer tokens), the user info of an endpoint URL and the
 * query of an endpoint URL. OpenTelemetry's autoconfigure quotes such values in its exceptions
 * ({@code Invalid map property: otel.exporter.otlp.headers=...}, {@code OTLP endpoint must not have
 * a query string: ...}); {@link #sanitize} rewrites a whole cause chain so they are gone.
 */
public final class Secrets {

  static final String REDACTED = "<redacted>";

  /**
   * Scheme and authority (up to the first {@code /}, {@code ?} or {@code #}) of a URL-like text.
   */
  private static final Pattern AUTHORITY =
      Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)?([^/?#]*)(.*)$", Pattern.DOTALL);

  /** Text replaced in messages, longest first, with what replaces it. */
  private final Map<String, String> replacements;

  private Secrets(Map<String, String> replacements) {
    this.replacements = replacements;
  }

  static boolean isHeadersKey(String key) {
    return key.startsWith("otel.exporter.") && key.endsWith("headers");
  }

  static boolean isEndpointKey(String key) {
    return key.startsWith("otel.exporter.") && key.endsWith("endpoint");
  }

  /**
   * The secrets in an application's {@code otel.*} properties (keys as {@link TraceryConfig}
   * normalizes them).
   */
  public static Secrets of(Map<String, String> otel) {
    List<String[]> pairs = new ArrayList<>();
    for (Map.Entry<String, String> property : otel.entrySet()) {
      String key = property.getKey();
      String value = property.getValue();
      if (value == null || value.isBlank()) {
        continue;
      }
      if (isHeadersKey(key)) {
        pairs.add(new String[] {value, REDACTED});
        pairs.add(new String[] {value.trim(), REDACTED});
        for (String header : value.split(",")) {
          int equals = header.indexOf('=');
          // A malformed entry (no '=') may be a whole credential, such as "Authorization Bearer x".
          // Every header value, however short: header values are what this key is for.
          addWithDecoded(pairs, equals < 0 ? header : header.substring(equals + 1));
          addWithDecoded(pairs, header);
        }
      } else if (isEndpointKey(key)) {
        String safe = safeUrl(value);
        if (!safe.equals(value)) {
          pairs.add(new String[] {value, safe});
          pairs.add(new String[] {value.trim(), safe.trim()});
          Matcher matcher = AUTHORITY.matcher(value.trim());
          if (matcher.matches()) {
            int at = matcher.group(2).lastIndexOf('@');
            if (at >= 0) {
              String userInfo = matcher.group(2).substring(0, at);
              addWithDecoded(pairs, userInfo);
              int colon = userInfo.indexOf(':');
              if (colon >= 0) {
                addPiece(pairs, userInfo.substring(colon + 1));
              }
            }
            String rest = matcher.group(3);
            int query = indexOfQueryOrFragment(rest);
            if (query >= 0 && query + 1 < rest.length()) {
              String tail = rest.substring(query + 1);
              addWithDecoded(pairs, tail);
              for (String parameter : tail.split("[&#;]")) {
                int equals = parameter.indexOf('=');
                addWithDecoded(pairs, parameter);
                if (equals >= 0) {
                  addPiece(pairs, parameter.substring(equals + 1));
                }
              }
            }
          }
        }
      }
    }
    pairs.removeIf(pair -> pair[0].isBlank());
    pairs.sort(Comparator.comparingInt((String[] pair) -> pair[0].length()).reversed());
    Map<String, String> replacements = new LinkedHashMap<>();
    for (String[] pair : pairs) {
      replacements.putIfAbsent(pair[0], pair[1]);
    }
    return new Secrets(replacements);
  }

  /**
   * Pieces of a URL shorter than this (a query parameter {@code x=1}'s {@code 1}) are not searched
   * for on their own, or every {@code 1} of a message would go; the text they are part of (the
   * whole query, {@code name=value} pair or user info) always is. Header values are searched for
   * whatever their length.
   */
  private static final int MIN_PIECE = 4;

  private static void addPiece(List<String[]> pairs, String piece) {
    if (piece.trim().length() >= MIN_PIECE) {
      addWithDecoded(pairs, piece);
    }
  }

  private static void addWithDecoded(List<String[]> pairs, String secret) {
    String trimmed = secret.trim();
    if (trimmed.isEmpty()) {
      return;
    }
    pairs.add(new String[] {trimmed, REDACTED});
    try {
      pairs.add(new String[] {URLDecoder.decode(trimmed, StandardCharsets.UTF_8), REDACTED});
    } catch (IllegalArgumentException notDecodable) {
      // The text as written is already covered.
    }
  }

  private static int indexOfQueryOrFragment(String text) {
    int query = text.indexOf('?');
    int fragment = text.indexOf('#');
    if (query < 0) {
      return fragment;
    }
    return fragment < 0 ? query : Math.min(query, fragment);
  }

  /**
   * A URL as it may be shown: scheme, host, port and path, without user info, query or fragment.
   * Works on text that does not parse as a URL too (it is shown in the message saying so).
   */
  static String safeUrl(String url) {
    Matcher matcher = AUTHORITY.matcher(url);
    if (!matcher.matches()) {
      return REDACTED;
    }
    String scheme = matcher.group(1) == null ? "" : matcher.group(1);
    String authority = matcher.group(2);
    String rest = matcher.group(3);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    int query = indexOfQueryOrFragment(rest);
    if (query >= 0) {
      rest = rest.substring(0, query);
    }
    return scheme + authority + rest;
  }

  /** The text with every secret replaced; null stays null. */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    if (replacements.isEmpty()) {
      return text;
    }
    // One pass, longest secret first at each position, so a replacement (an endpoint's safe form)
    // is
    // never searched again for a shorter secret.
    StringBuilder redacted = new StringBuilder(text.length());
    int i = 0;
    scan:
    while (i < text.length()) {
      for (Map.Entry<String, String> replacement : replacements.entrySet()) {
        if (text.startsWith(replacement.getKey(), i)) {
          redacted.append(replacement.getValue());
          i += replacement.getKey().length();
          continue scan;
        }
      }
      redacted.append(text.charAt(i++));
    }
    return redacted.toString();
  }

  private boolean contains(String text) {
    if (text == null) {
      return false;
    }
    for (String secret : replacements.keySet()) {
      if (text.contains(secret)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A copy of a cause chain that is safe to log: each throwable becomes a {@link Sanitized} with
   * the original's class name, redacted message and stack trace, and the same for its causes and
   * suppressed exceptions. Below a throwable whose message quoted a secret, messages are withheld
   * altogether: the causes of such a failure describe the same value in their own words (a decoder
   * quoting the part of a header value it choked on), in pieces no replacement can find.
   */
  public Throwable sanitize(Throwable failure) {
    return sanitize(failure, false, 0);
  }

  private Throwable sanitize(Throwable failure, boolean withhold, int depth) {
    if (failure == null || depth > 32) {
      return null;
    }
    String message = failure.getMessage();
    boolean quoted = contains(message);
    String shown;
    if (message == null) {
      shown = null;
    } else if (withhold) {
      shown = "(message withheld: it may quote a secret of the configuration)";
    } else {
      shown = redact(message);
    }
    Throwable cause = failure.getCause();
    Throwable causeCopy =
        cause == null || cause == failure ? null : sanitize(cause, withhold || quoted, depth + 1);
    Sanitized copy = new Sanitized(failure.getClass().getName(), shown, causeCopy);
    copy.setStackTrace(failure.getStackTrace());
    for (Throwable suppressed : failure.getSuppressed()) {
      copy.addSuppressed(sanitize(suppressed, withhold || quoted, depth + 1));
    }
    return copy;
  }

  /**
   * A failure as it may be shown: its original class name and redacted message. Printed like the
   * original ({@code class: message} and its stack trace), so a stack trace still tells where it
   * began.
   */
  static final class Sanitized extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String originalClass;

    Sanitized(String originalClass, String message, Throwable cause) {
      super(message, cause, true, true);
      this.originalClass = originalClass;
    }

    /** The class of the failure this stands for. */
    String originalClass() {
      return originalClass;
    }

    @Override
    public String toString() {
      String message = getLocalizedMessage();
      return message == null ? originalClass : originalClass + ": " + message;
    }
  }
}
