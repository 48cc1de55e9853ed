package dev.tracery.extension.jaxrs;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

@ApplicationPath("/api")
public class EchoApplication extends Application {
  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(EchoHeadersResource.class);
  }
}
