package dev.tracery.jaxrs.internal;

import java.nio.charset.StandardCharsets;

/**
 * Redaction of what must never reach a span: credentials in URLs, sensitive query values and
 * fragments.
 */
final class Urls {

  static final String REDACTED = "REDACTED";

  private Urls() {}

  /**
   * The query with the value of every parameter named in {@code redacted} replaced by {@code
   * REDACTED}; the rest as it came, still percent-encoded. Names are compared after
   * percent-decoding, so {@code access%5Ftoken} is {@code access_token}. Returns the same instance
   * when nothing needs redacting.
   */
  static String redactQuery(String query, String[] redacted) {
    if (query == null || query.isEmpty()) {
      return query;
    }
    StringBuilder out = null;
    int start = 0;
    int length = query.length();
    while (start <= length) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = length;
      }
      int equals = query.indexOf('=', start);
      if (equals > start && equals < end && isRedacted(query, start, equals, redacted)) {
        if (out == null) {
          out = new StringBuilder(length).append(query, 0, start);
        }
        out.append(query, start, equals + 1).append(REDACTED);
      } else if (out != null) {
        out.append(query, start, end);
      }
      if (end < length && out != null) {
        out.append('&');
      }
      start = end + 1;
    }
    return out == null ? query : out.toString();
  }

  /** A query as a server received it, without a fragment a client should not have sent. */
  static String withoutFragment(String query) {
    if (query == null) {
      return null;
    }
    int fragment = query.indexOf('#');
    return fragment < 0 ? query : query.substring(0, fragment);
  }

  /**
   * Whether the name at {@code query[start, end)} is one of {@code redacted}, without regard to
   * case. Names as sent (no escapes) are compared in place, without allocating.
   */
  static boolean isRedacted(String query, int start, int end, String[] redacted) {
    int length = end - start;
    for (int i = start; i < end; i++) {
      char c = query.charAt(i);
      if (c == '%' || c == '+') {
        String decoded = decodeName(query, start, end);
        for (String name : redacted) {
          if (name.equalsIgnoreCase(decoded)) {
            return true;
          }
        }
        return false;
      }
    }
    for (String name : redacted) {
      if (name.length() == length && query.regionMatches(true, start, name, 0, length)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A parameter name with its {@code %XX} escapes decoded as UTF-8 (and {@code +} as a space, as
   * forms send it). A malformed escape is kept as it is: it cannot match a sensitive name anyway.
   */
  static String decodeName(String query, int start, int end) {
    byte[] bytes = new byte[end - start];
    int n = 0;
    for (int i = start; i < end; i++) {
      char c = query.charAt(i);
      if (c == '%' && i + 2 < end) {
        int high = Character.digit(query.charAt(i + 1), 16);
        int low = Character.digit(query.charAt(i + 2), 16);
        if (high >= 0 && low >= 0) {
          bytes[n++] = (byte) ((high << 4) + low);
          i += 2;
          continue;
        }
      }
      if (c == '+') {
        bytes[n++] = ' ';
      } else if (c < 0x80) {
        bytes[n++] = (byte) c;
      } else {
        // Not valid in a query as sent; such a name is no sensitive parameter's.
        return query.substring(start, end);
      }
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }

  /**
   * A full URL for {@code url.full}: user info replaced by {@code REDACTED:REDACTED}, sensitive
   * query values by {@code REDACTED}, the whole query left out when {@code captureQuery} is false,
   * and the fragment never included (it is not sent to the server, and single-page applications put
   * tokens in it).
   */
  static String redactUrl(String url, String[] redacted, boolean captureQuery) {
    if (url == null) {
      return null;
    }
    String result = url;
    int fragment = result.indexOf('#');
    if (fragment >= 0) {
      result = result.substring(0, fragment);
    }
    int schemeEnd = result.indexOf("://");
    if (schemeEnd > 0) {
      int authorityStart = schemeEnd + 3;
      int authorityEnd = authorityEnd(result, authorityStart);
      int at = result.lastIndexOf('@', authorityEnd - 1);
      if (at >= authorityStart) {
        result = result.substring(0, authorityStart) + "REDACTED:REDACTED" + result.substring(at);
      }
    }
    int question = result.indexOf('?');
    if (question >= 0) {
      if (!captureQuery) {
        return result.substring(0, question);
      }
      String query = result.substring(question + 1);
      String redactedQuery = redactQuery(query, redacted);
      if (!redactedQuery.equals(query)) {
        result = result.substring(0, question + 1) + redactedQuery;
      }
    }
    return result;
  }

  private static int authorityEnd(String url, int from) {
    for (int i = from; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        return i;
      }
    }
    return url.length();
  }
}
