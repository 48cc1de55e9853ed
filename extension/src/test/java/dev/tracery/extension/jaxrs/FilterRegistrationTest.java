package dev.tracery.extension.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.jaxrs.resteasy.ResteasyContextPropagation;
import dev.tracery.jaxrs.server.TracedResource;
import dev.tracery.jaxrs.server.TracingResourceFilter;
import dev.tracery.jaxrs.server.TracingServerFilter;
import jakarta.enterprise.inject.spi.InterceptionType;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Configuration;
import java.util.function.Consumer;
import org.jboss.resteasy.cdi.CdiInjectorFactory;
import org.jboss.resteasy.spi.InjectorFactory;
import org.jboss.resteasy.spi.ResteasyProviderFactory;
import org.junit.jupiter.api.Test;

/**
 * Tracing off leaves nothing of Tracery's in a request's path (issue 14): the server filters are
 * registered when the application is deployed only if tracing is on.
 */
class FilterRegistrationTest {

  private static JaxrsServer start(Consumer<JaxrsServer.Builder> configure) {
    JaxrsServer.Builder builder =
        JaxrsServer.builder(EchoApplication.class).beans(EchoHeadersResource.class);
    configure.accept(builder);
    return builder.start();
  }

  private static boolean anyTraceryServerFilter(Configuration configuration) {
    return configuration.isRegistered(TracingServerFilter.class)
        || configuration.isRegistered(TracingResourceFilter.class)
        || configuration.isRegistered(ResteasyContextPropagation.class)
        || configuration.getClasses().stream()
            .anyMatch(
                type ->
                    type.getName().startsWith("dev.tracery.")
                        && ContainerRequestFilter.class.isAssignableFrom(type));
  }

  @Test
  void noServerFilterIsRegisteredWhileTracingIsOff() throws Exception {
    try (JaxrsServer server = start(builder -> builder.config("tracery.enabled", "false"))) {
      assertThat(anyTraceryServerFilter(server.jaxrsConfiguration())).isFalse();
      assertThat(server.get("echo/out").statusCode()).isEqualTo(200);
      assertThat(server.spans()).isEmpty();
    }
  }

  @Test
  void serverFiltersAreRegisteredWhileTracingIsOn() throws Exception {
    try (JaxrsServer server = start(builder -> {})) {
      Configuration configuration = server.jaxrsConfiguration();
      assertThat(configuration.isRegistered(TracingServerFilter.class)).isTrue();
      assertThat(configuration.isRegistered(TracingResourceFilter.class)).isTrue();
      assertThat(configuration.isRegistered(ResteasyContextPropagation.class)).isTrue();
      assertThat(server.get("echo/out").statusCode()).isEqualTo(200);
      assertThat(server.awaitServerSpan()).isNotNull();
    }
  }

  @Test
  void onResteasyMappedExceptionsAreRecordedWithoutInterceptingResources() throws Exception {
    try (JaxrsServer server = start(builder -> {})) {
      assertThat(
              server
                  .weld()
                  .getBeanManager()
                  .resolveInterceptors(
                      InterceptionType.AROUND_INVOKE, TracedResource.Literal.INSTANCE))
          .isEmpty();
      InjectorFactory injectors =
          ((ResteasyProviderFactory) server.jaxrsConfiguration()).getInjectorFactory();
      assertThat(injectors.getClass().getName())
          .isEqualTo("dev.tracery.jaxrs.resteasy.RecordingCdiInjectorFactory");
      // Still RESTEasy's CDI injector factory: RESTEasy's bean validation leaves CDI resources to
      // CDI only when it sees one, and would otherwise validate every CDI resource per request too.
      assertThat(injectors).isInstanceOf(CdiInjectorFactory.class);
    }
  }

  @Test
  void withoutRecordingMappedExceptionsResteasysInjectorsAreLeftAlone() throws Exception {
    try (JaxrsServer server =
        start(builder -> builder.config("tracery.http.server.record-mapped-exceptions", "false"))) {
      assertThat(
              ((ResteasyProviderFactory) server.jaxrsConfiguration())
                  .getInjectorFactory()
                  .getClass()
                  .getName())
          .doesNotContain("dev.tracery");
    }
  }
}
