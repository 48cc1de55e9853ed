package dev.tracery.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A deployment whose exporter headers are malformed, or whose endpoint carries credentials, fails
 * with an error naming the key, and the secret value appears nowhere in the server's log file: not
 * in the message, not in the cause chain the server prints with it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SecretsInDeploymentErrorsIT {

  static final String HEADER_SECRET = "hdr-s3cr3t-" + Long.toHexString(System.nanoTime());
  static final String PASSWORD = "pw-s3cr3t-" + Long.toHexString(System.nanoTime());
  static final String TOKEN = "tok-s3cr3t-" + Long.toHexString(System.nanoTime());

  static final String BAD_HEADERS = "tracery-bad-headers";
  static final String CREDENTIALS_IN_URL = "tracery-credentials-in-url";

  static WebArchive war(String name, Map<String, String> extra) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("tracery.enabled", "true");
    config.put("otel.service.name", name);
    // Above the server's environment (the test runs set OTEL_EXPORTER_OTLP_HEADERS there), so the
    // application's own value is the one read.
    config.put("config_ordinal", "500");
    config.putAll(extra);
    return Deployments.tracedWar(name, config);
  }

  @Deployment(name = BAD_HEADERS, managed = false, testable = false)
  static WebArchive badHeaders() {
    // Not name=value pairs, and a percent escape that does not decode: autoconfigure quotes the
    // value.
    return war(
        BAD_HEADERS,
        Map.of(
            "otel.exporter.otlp.headers",
            "Authorization Bearer " + HEADER_SECRET + ",x-key=%zz" + HEADER_SECRET));
  }

  @Deployment(name = CREDENTIALS_IN_URL, managed = false, testable = false)
  static WebArchive credentialsInUrl() {
    return war(
        CREDENTIALS_IN_URL,
        Map.of(
            "otel.exporter.otlp.endpoint",
            "http://collector-user:" + PASSWORD + "@127.0.0.1:4318/?token=" + TOKEN));
  }

  @ArquillianResource Deployer deployer;

  @Test
  void malformedHeadersFailTheDeploymentNamingTheKeyWithoutTheSecret() throws Exception {
    Throwable failure = deployExpectingFailure(BAD_HEADERS);

    assertThat(failure).as("deployment with malformed otel.exporter.otlp.headers").isNotNull();
    String log = awaitLogMentioning(BAD_HEADERS, "otel.exporter.otlp.headers");
    assertThat(log).contains("Invalid value '<redacted>' for 'otel.exporter.otlp.headers'");
    assertThat(log).doesNotContain(HEADER_SECRET).doesNotContain("%zz");
    assertThat(String.valueOf(failure.getMessage())).doesNotContain(HEADER_SECRET);
  }

  @Test
  void endpointCredentialsFailTheDeploymentShowingOnlySchemeHostPortAndPath() throws Exception {
    Throwable failure = deployExpectingFailure(CREDENTIALS_IN_URL);

    assertThat(failure).as("deployment with user info and a query in the endpoint").isNotNull();
    String log = awaitLogMentioning(CREDENTIALS_IN_URL, "otel.exporter.otlp.endpoint");
    assertThat(log)
        .contains(
            "Invalid value 'http://127.0.0.1:4318/ with user info' for 'otel.exporter.otlp.endpoint'");
    assertThat(log).doesNotContain(PASSWORD).doesNotContain(TOKEN).doesNotContain("collector-user");
    assertThat(String.valueOf(failure.getMessage())).doesNotContain(PASSWORD).doesNotContain(TOKEN);
  }

  private Throwable deployExpectingFailure(String name) {
    Throwable failure = catchThrowable(() -> deployer.deploy(name));
    if (failure == null) {
      deployer.undeploy(name);
    } else {
      // A server may keep the failed deployment registered; remove it so nothing is left behind.
      catchThrowable(() -> deployer.undeploy(name));
    }
    return failure;
  }

  /**
   * The whole server log once it has the deployment's error naming {@code key}; fails after 30 s.
   */
  private static String awaitLogMentioning(String deployment, String key) throws Exception {
    Path file = Path.of(System.getProperty("tracery.server.log"));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      String log = Files.readString(file, StandardCharsets.UTF_8);
      if (log.contains("Tracery cannot start in '")
          && log.contains(deployment)
          && log.contains("'" + key + "'")) {
        return log;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no deployment error of " + deployment + " naming " + key + " in " + file);
      }
      Thread.sleep(200);
    }
  }
}
