package dev.tracery.tck;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.jboss.arquillian.container.test.spi.client.deployment.ApplicationArchiveProcessor;
import org.jboss.arquillian.test.spi.TestClass;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.ArchivePaths;
import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Makes every TCK deployment a WAR that uses Tracery as a user's does: Tracery's jars in
 * WEB-INF/lib, the two descriptors the README asks for (the sample application's), and the executor
 * the TCK's asynchronous resources need.
 *
 * <p>On Payara only, the deployment's {@code otel.sdk.disabled=false} becomes {@code
 * tracery.enabled=true}. Payara's own MicroProfile Telemetry reads the same application
 * configuration as Tracery, so no server-wide setting can switch on one and not the other per
 * deployment (a server-wide {@code tracery.enabled=true} would also switch Tracery on in the TCK's
 * tests that expect tracing off); the README tells Payara users to use {@code tracery.enabled} for
 * this reason. Deployments that set {@code otel.sdk.disabled=true}, or nothing, are left as they
 * are: both stay off.
 */
public class TraceryArchiveProcessor implements ApplicationArchiveProcessor {

  static final String CONFIG = "WEB-INF/classes/META-INF/microprofile-config.properties";

  @Override
  public void process(Archive<?> archive, TestClass testClass) {
    if (!(archive instanceof WebArchive)) {
      return;
    }
    WebArchive war = (WebArchive) archive;
    File[] libs =
        new File(System.getProperty("tracery.libs"))
            .listFiles((dir, name) -> name.endsWith(".jar"));
    if (libs == null || libs.length == 0) {
      throw new IllegalStateException("no Tracery jars in " + System.getProperty("tracery.libs"));
    }
    File webInf = new File(System.getProperty("tracery.webinf"));
    war.addAsLibraries(libs)
        .addAsWebInfResource(
            new File(webInf, "jboss-deployment-structure.xml"), "jboss-deployment-structure.xml")
        .addAsWebInfResource(new File(webInf, "glassfish-web.xml"), "glassfish-web.xml")
        .addClass(ManagedTaskExecutor.class)
        .addAsResource(
            new StringAsset("telemetry.tck.executor=" + ManagedTaskExecutor.class.getName() + "\n"),
            "META-INF/microprofile-telemetry-tck.properties");
    if ("payara".equals(System.getProperty("tracery.server"))) {
      switchOnTraceryOnly(war);
    }
  }

  private static void switchOnTraceryOnly(WebArchive war) {
    ArchivePath path = ArchivePaths.create(CONFIG);
    Node node = war.get(path);
    if (node == null || node.getAsset() == null) {
      return;
    }
    Properties properties = new Properties();
    try (InputStream in = node.getAsset().openStream()) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!"false".equalsIgnoreCase(properties.getProperty("otel.sdk.disabled", "").trim())) {
      return;
    }
    properties.remove("otel.sdk.disabled");
    properties.setProperty("tracery.enabled", "true");
    StringWriter out = new StringWriter();
    try {
      properties.store(out, "otel.sdk.disabled=false replaced by tracery.enabled=true (Payara)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    war.delete(path);
    war.add(new StringAsset(out.toString()), path);
  }
}
