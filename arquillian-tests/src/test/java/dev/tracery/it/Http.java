package dev.tracery.it;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls from the test JVM to the server. */
final class Http {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private Http() {}

  static HttpResponse<String> get(URL base, String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(base.toExternalForm()).resolve(path))
            .timeout(Duration.ofSeconds(60))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A request without a body, {@code POST} for instance. */
  static HttpResponse<String> send(URL base, String method, String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(base.toExternalForm()).resolve(path))
            .timeout(Duration.ofSeconds(60))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String getOk(URL base, String path) throws Exception {
    HttpResponse<String> response = get(base, path);
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }
}
