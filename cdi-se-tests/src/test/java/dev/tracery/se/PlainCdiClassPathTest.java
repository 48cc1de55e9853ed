package dev.tracery.se;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The premise of this module: its class path is a plain CDI application's, without the JAX-RS and
 * Servlet APIs. Should either arrive (through a dependency of Tracery's, say), the other tests here
 * would no longer prove anything, and this one fails.
 */
class PlainCdiClassPathTest {

  @Test
  void jaxrsApiIsNotOnTheClassPath() {
    assertThatThrownBy(() -> Class.forName("jakarta.ws.rs.Path"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("jakarta.ws.rs.core.Application"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  /** The build runs these tests once per Java version it claims (17, and 25 where installed). */
  @Test
  void runsOnTheJavaVersionTheBuildAskedFor() {
    String expected = System.getProperty("tracery.expected.java");
    assertThat(expected).as("set by the build").isNotNull();
    assertThat(String.valueOf(Runtime.version().feature())).isEqualTo(expected);
  }

  @Test
  void servletApiIsNotOnTheClassPath() {
    assertThatThrownBy(() -> Class.forName("jakarta.servlet.Filter"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("jakarta.servlet.ServletContainerInitializer"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
