package dev.tracery.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.testing.OtlpReceiver;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Undeploying a traced WAR leaves none of Tracery's or the SDK's threads running once a GC has run
 * (on Java 17 the JDK HttpClient's threads end only when the client is collected).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UndeployIT {

  static final OtlpReceiver RECEIVER = OtlpReceiver.start();
  static final String APP = "tracery-undeploy";

  @Deployment(name = "diag", order = 1, testable = false)
  static WebArchive diag() {
    return Deployments.diagWar();
  }

  @Deployment(name = APP, managed = false, testable = false)
  static WebArchive app() {
    return Deployments.tracedWar(
        APP,
        Map.of(
            "tracery.enabled",
            "true",
            "otel.service.name",
            APP,
            "otel.exporter.otlp.endpoint",
            RECEIVER.endpoint(),
            "otel.bsp.schedule.delay",
            "100ms"));
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  @ArquillianResource Deployer deployer;

  @Test
  void undeployLeavesNoSdkThreadBehind(@ArquillianResource @OperateOnDeployment("diag") URL diag)
      throws Exception {
    // Other tests' applications may still have JDK HttpClient threads, which end when a GC collects
    // them.
    assertThat(afterGc(diag)).as("no SDK thread before the traced WAR is deployed").isEmpty();

    deployer.deploy(APP);
    URL app = new URL(diag, "/" + APP + "/");
    assertThat(Http.getOk(app, "api/greeting?name=undeploy")).isEqualTo("hello undeploy!");
    RECEIVER.await(Duration.ofSeconds(30), spans -> !spans.isEmpty(), "a span from " + APP);
    assertThat(SdkThreads.running(diag))
        .as("while deployed, the batch processor and HttpClient threads run")
        .anySatisfy(name -> assertThat(name).startsWith("BatchSpanProcessor"))
        .anySatisfy(name -> assertThat(name).startsWith("tracery-exporter"))
        .anySatisfy(name -> assertThat(name).startsWith("HttpClient-"));

    deployer.undeploy(APP);

    assertThat(afterGc(diag)).as("SDK threads left 60 s after undeploy, with GCs").isEmpty();
  }

  /** The SDK threads still there once GCs have run, waiting up to 60 s for them to end. */
  static List<String> afterGc(URL diag) throws Exception {
    return SdkThreads.leftAfterGcs(diag, Duration.ofSeconds(60));
  }
}
