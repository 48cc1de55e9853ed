package dev.tracery.extension.jaxrs;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * Lists its classes itself, as many applications do (and as embedded RESTEasy, which does not scan,
 * requires): Tracery's filters are not among them and arrive through META-INF/services.
 */
@ApplicationPath("/api")
public class ShopApplication extends Application {
  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(
        OrderResource.class,
        HealthResource.class,
        ConflictMapper.class,
        CheckoutResource.class,
        CatalogResource.Books.class,
        CatalogResource.Films.class);
  }
}
