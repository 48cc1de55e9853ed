package dev.tracery.it;

import dev.tracery.it.app.Greeter;
import dev.tracery.it.app.GreetingApplication;
import dev.tracery.it.app.GreetingResource;
import dev.tracery.it.app.Punctuation;
import dev.tracery.it.app.PunctuationResource;
import dev.tracery.it.diag.DiagServlet;
import dev.tracery.testing.OtlpReceiver;
import java.io.File;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WARs the server tests deploy, built as a user builds theirs. */
final class Deployments {

  private Deployments() {}

  /** Which server this run is on: wildfly, wildfly-mp or payara (set per failsafe execution). */
  static String server() {
    return System.getProperty("tracery.server", "unknown");
  }

  /**
   * The configuration of a traced WAR that exports to {@code receiver}: tracing on, service {@code
   * service-<server>}, spans sent every 100 ms; then {@code more} keys and values, in pairs.
   */
  static Map<String, String> exportingTo(OtlpReceiver receiver, String service, String... more) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("tracery.enabled", "true");
    config.put("otel.service.name", service + "-" + server());
    config.put("otel.exporter.otlp.endpoint", receiver.endpoint());
    config.put("otel.bsp.schedule.delay", "100ms");
    for (int i = 0; i + 1 < more.length; i += 2) {
      config.put(more[i], more[i + 1]);
    }
    return config;
  }

  /**
   * A WAR with Tracery in WEB-INF/lib (tracery-extension and the jars it brings, nothing else), the
   * two descriptors the README tells users to add (taken from the sample application), the greeting
   * app, and {@code config} as its META-INF/microprofile-config.properties.
   */
  static WebArchive tracedWar(String name, Map<String, String> config) {
    File webInf = new File(System.getProperty("tracery.webinf"));
    return tracedWarWithoutBeansXml(name, config)
        .addAsWebInfResource(new File(webInf, "beans.xml"), "beans.xml");
  }

  /**
   * {@link #tracedWar} with {@code WEB-INF/beans.xml} declaring {@code discoveryMode} ({@code
   * annotated}, {@code all}), or with no {@code beans.xml} at all when {@code discoveryMode} is
   * null.
   */
  static WebArchive tracedWar(String name, Map<String, String> config, String discoveryMode) {
    WebArchive war = tracedWarWithoutBeansXml(name, config);
    if (discoveryMode != null) {
      war.addAsWebInfResource(
          new StringAsset(
              "<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\" bean-discovery-mode=\""
                  + discoveryMode
                  + "\"/>\n"),
          "beans.xml");
    }
    return war;
  }

  private static WebArchive tracedWarWithoutBeansXml(String name, Map<String, String> config) {
    File[] libs =
        new File(System.getProperty("tracery.libs"))
            .listFiles((dir, file) -> file.endsWith(".jar"));
    if (libs == null || libs.length == 0) {
      throw new IllegalStateException("no Tracery jars in " + System.getProperty("tracery.libs"));
    }
    File webInf = new File(System.getProperty("tracery.webinf"));
    String properties =
        config.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n", "", "\n"));
    return ShrinkWrap.create(WebArchive.class, name + ".war")
        .addClasses(
            GreetingApplication.class,
            GreetingResource.class,
            Greeter.class,
            Punctuation.class,
            PunctuationResource.class)
        .addAsLibraries(libs)
        .addAsWebInfResource(
            new File(webInf, "jboss-deployment-structure.xml"), "jboss-deployment-structure.xml")
        .addAsWebInfResource(new File(webInf, "glassfish-web.xml"), "glassfish-web.xml")
        .addAsResource(new StringAsset(properties), "META-INF/microprofile-config.properties");
  }

  static String describe(File[] files) {
    return Arrays.stream(files).map(File::getName).sorted().collect(Collectors.joining(", "));
  }

  /** The diagnostics WAR: no Tracery, just a look at the server JVM's threads. */
  static WebArchive diagWar() {
    return ShrinkWrap.create(WebArchive.class, "tracery-diag.war").addClass(DiagServlet.class);
  }
}
