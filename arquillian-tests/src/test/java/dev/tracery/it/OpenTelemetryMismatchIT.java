package dev.tracery.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * A WAR whose build put another OpenTelemetry API next to Tracery (as a BOM import pinning {@code
 * opentelemetry-api} 1.48.0 does) fails to deploy, and the server log says which jar is at which
 * version and what to change.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OpenTelemetryMismatchIT {

  static final String OLDER_API = "opentelemetry-api-1.48.0.jar";

  @Deployment(name = "mismatch", managed = false, testable = false)
  static WebArchive war() {
    WebArchive war =
        Deployments.tracedWar(
            "otel-mismatch", Map.of("tracery.enabled", "true", "otel.traces.exporter", "none"));
    File[] ownApi =
        new File(System.getProperty("tracery.libs"))
            .listFiles((dir, file) -> file.matches("opentelemetry-api-\\d.*\\.jar"));
    if (ownApi == null || ownApi.length != 1) {
      throw new IllegalStateException(
          "expected one opentelemetry-api jar in " + System.getProperty("tracery.libs"));
    }
    war.delete("/WEB-INF/lib/" + ownApi[0].getName());
    return war.addAsLibraries(
        new File(System.getProperty("tracery.older.opentelemetry"), OLDER_API));
  }

  @ArquillianResource Deployer deployer;

  @Test
  void deploymentFailsNamingTheJarAndWhatToChange() throws IOException {
    Path log = Path.of(System.getProperty("tracery.server.log"));
    long before = Files.size(log);
    Throwable failure = catchThrowable(() -> deployer.deploy("mismatch"));
    try {
      assertThat(failure).as("deployment should fail").isNotNull();
    } finally {
      catchThrowable(() -> deployer.undeploy("mismatch"));
    }
    byte[] all = Files.readAllBytes(log);
    String written =
        new String(
            all,
            (int) Math.min(before, all.length),
            (int) Math.max(0, all.length - before),
            StandardCharsets.UTF_8);
    assertThat(written)
        .contains(
            "because it runs against OpenTelemetry classes other than the ones it was built with")
        .contains("opentelemetry-api is 1.48.0, Tracery needs 1.63.0")
        .contains(OLDER_API)
        .contains("let tracery-extension bring its OpenTelemetry jars");
  }
}
