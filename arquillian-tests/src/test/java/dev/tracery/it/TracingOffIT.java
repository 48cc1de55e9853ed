package dev.tracery.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.it.providers.ProvidersResource;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With {@code tracery.enabled=false} nothing of Tracery's is in the request path (issue 14): no
 * JAX-RS server filter of Tracery's registered (RESTEasy on WildFly, Jersey on Payara), no servlet
 * filter; the same WAR with tracing on has them.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@DisabledIfSystemProperty(
    named = "tracery.server",
    matches = "wildfly-agent",
    disabledReason = "with the agent attached Tracery leaves HTTP to it")
class TracingOffIT {

  static WebArchive war(String name, String enabled) {
    return Deployments.tracedWar(
            name, Map.of("tracery.enabled", enabled, "otel.traces.exporter", "none"))
        .addClass(ProvidersResource.class);
  }

  @Deployment(name = "off", testable = false)
  static WebArchive off() {
    return war("tracing-off", "false");
  }

  @Deployment(name = "on", testable = false)
  static WebArchive on() {
    return war("tracing-on", "true");
  }

  @Test
  void tracingOffRegistersNoFilterOfTracerys(
      @ArquillianResource @OperateOnDeployment("off") URL off) throws Exception {
    assertThat(Http.getOk(off, "api/greeting?name=x")).isEqualTo("hello x!");
    // The client filter stays: it is in the path of outgoing calls only, not of requests served.
    assertThat(Http.getOk(off, "api/providers"))
        .doesNotContain("TracingServerFilter")
        .doesNotContain("TracingResourceFilter")
        .doesNotContain("ResteasyContextPropagation")
        .doesNotContain("servlet:");
  }

  @Test
  void tracingOnRegistersTheServerFilters(@ArquillianResource @OperateOnDeployment("on") URL on)
      throws Exception {
    assertThat(Http.getOk(on, "api/greeting?name=x")).isEqualTo("hello x!");
    assertThat(Http.getOk(on, "api/providers"))
        .contains("dev.tracery.jaxrs.server.TracingServerFilter")
        .contains("dev.tracery.jaxrs.server.TracingResourceFilter")
        .contains("servlet:dev.tracery.TracingServletFilter");
  }
}
