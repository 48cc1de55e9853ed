package dev.tracery.it.providers;

import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Says which of Tracery's components the JAX-RS runtime and the servlet container registered for
 * this application: JAX-RS providers (by class) and the servlet filter.
 */
@Path("/providers")
public class ProvidersResource {

  @Context Configuration configuration;

  @Context ServletContext servletContext;

  @GET
  public String list() {
    TreeSet<String> names = new TreeSet<>();
    List<Object> components = new ArrayList<>(configuration.getClasses());
    for (Object instance : configuration.getInstances()) {
      components.add(instance.getClass());
    }
    for (Object component : components) {
      String name = ((Class<?>) component).getName();
      if (name.startsWith("dev.tracery.")) {
        names.add(name);
      }
    }
    for (String name :
        new String[] {
          "dev.tracery.jaxrs.server.TracingServerFilter",
          "dev.tracery.jaxrs.server.TracingResourceFilter",
          "dev.tracery.jaxrs.resteasy.ResteasyContextPropagation"
        }) {
      try {
        if (configuration.isRegistered(
            Class.forName(name, false, ProvidersResource.class.getClassLoader()))) {
          names.add(name);
        }
      } catch (ClassNotFoundException | LinkageError e) {
        // not in this WAR, or naming a runtime's types this server does not have (RESTEasy's on
        // Payara)
      }
    }
    if (servletContext.getFilterRegistration("dev.tracery.TracingServletFilter") != null) {
      names.add("servlet:dev.tracery.TracingServletFilter");
    }
    return String.join(",", names);
  }
}
