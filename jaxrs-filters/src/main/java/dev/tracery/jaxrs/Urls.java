package dev.tracery.jaxrs;

import java.util.Set;

/** Redaction of what must never reach a span: credentials in URLs and sensitive query values. */
final class Urls {

  static final String REDACTED = "REDACTED";

  private Urls() {}

  /**
   * The query with the value of every parameter named in {@code redacted} replaced by
   * {@code REDACTED}; the rest as it came, still percent-encoded. Returns the same instance when
   * nothing needs redacting.
   */
  static String redactQuery(String query, Set<String> redacted) {
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
      if (equals > start && equals < end && redacted.contains(query.substring(start, equals))) {
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

  /**
   * A full URL for {@code url.full}: user info replaced by {@code REDACTED:REDACTED}, sensitive query
   * values by {@code REDACTED}.
   */
  static String redactUrl(String url, Set<String> redacted) {
    if (url == null) {
      return null;
    }
    String result = url;
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
      int fragment = result.indexOf('#', question);
      String query = fragment < 0 ? result.substring(question + 1) : result.substring(question + 1, fragment);
      String redactedQuery = redactQuery(query, redacted);
      if (!redactedQuery.equals(query)) {
        result =
            result.substring(0, question + 1)
                + redactedQuery
                + (fragment < 0 ? "" : result.substring(fragment));
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
