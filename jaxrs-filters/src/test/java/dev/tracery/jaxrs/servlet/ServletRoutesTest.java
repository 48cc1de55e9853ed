package dev.tracery.jaxrs.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.MappingMatch;
import org.junit.jupiter.api.Test;

class ServletRoutesTest {

  private static HttpServletMapping mapping(MappingMatch match, String pattern) {
    return new HttpServletMapping() {
      @Override
      public String getMatchValue() {
        return "";
      }

      @Override
      public String getPattern() {
        return pattern;
      }

      @Override
      public String getServletName() {
        return "s";
      }

      @Override
      public MappingMatch getMappingMatch() {
        return match;
      }
    };
  }

  @Test
  void jaxrsRuntimesServletsAreLeftToTheJaxrsFilters() {
    assertThat(
            ServletRoutes.kindOf(
                "org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher"))
        .isEqualTo(ServletRoutes.Kind.JAXRS);
    assertThat(ServletRoutes.kindOf("org.glassfish.jersey.servlet.ServletContainer"))
        .isEqualTo(ServletRoutes.Kind.JAXRS);
  }

  @Test
  void containersDefaultServletsServeStaticFiles() {
    assertThat(ServletRoutes.kindOf("io.undertow.servlet.handlers.DefaultServlet"))
        .isEqualTo(ServletRoutes.Kind.STATIC);
    assertThat(ServletRoutes.kindOf("org.apache.catalina.servlets.DefaultServlet"))
        .isEqualTo(ServletRoutes.Kind.STATIC);
    assertThat(ServletRoutes.kindOf("com.example.DefaultServlet"))
        .isEqualTo(ServletRoutes.Kind.APPLICATION);
    assertThat(ServletRoutes.kindOf("jakarta.faces.webapp.FacesServlet"))
        .isEqualTo(ServletRoutes.Kind.APPLICATION);
  }

  @Test
  void routeIsTheMappingBelowTheContextRoot() {
    ServletRoutes routes = new ServletRoutes();
    assertThat(routes.route(null, mapping(MappingMatch.PATH, "/orders/*"))).isEqualTo("/orders/*");
    assertThat(routes.route(null, mapping(MappingMatch.EXACT, "/status"))).isEqualTo("/status");
    assertThat(routes.route(null, mapping(MappingMatch.EXTENSION, "*.xhtml")))
        .isEqualTo("/*.xhtml");
    assertThat(routes.route(null, mapping(MappingMatch.EXTENSION, "*.xhtml")))
        .isSameAs(routes.route(null, mapping(MappingMatch.EXTENSION, "*.xhtml")));
    assertThat(routes.route(null, mapping(MappingMatch.CONTEXT_ROOT, ""))).isEqualTo("/");
    assertThat(routes.route(null, mapping(MappingMatch.DEFAULT, "/"))).isEqualTo("/*");
    assertThat(routes.route(null, mapping(null, null))).isNull();
  }
}
