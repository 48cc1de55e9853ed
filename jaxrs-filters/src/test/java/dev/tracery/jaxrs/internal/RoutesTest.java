package dev.tracery.jaxrs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/** The {@code http.route} (and so the span name) a resource method gets from its annotations. */
class RoutesTest {

  @Path("/orders/")
  public static class OrderResource {
    @GET
    @Path("{id}")
    public String get(String id) {
      return id;
    }

    @GET
    public String list() {
      return "";
    }

    @GET
    @Path("{id: [0-9]+}/lines/{line : \\d+}")
    public String line(String id, String line) {
      return line;
    }
  }

  @Path("api/v1")
  public interface ShopApi {
    @GET
    @Path("items/{item}")
    String item(String item);
  }

  /**
   * The JAX-RS annotations live on the interface only, as MicroProfile Rest Client APIs have it.
   */
  public static class ShopResource implements ShopApi {
    @Override
    public String item(String item) {
      return item;
    }
  }

  public static class Sub extends OrderResource {}

  public static class NoPath {
    @GET
    public String any() {
      return "";
    }
  }

  private static Method method(Class<?> type, String name) throws NoSuchMethodException {
    for (Method method : type.getMethods()) {
      if (method.getName().equals(name)) {
        return method;
      }
    }
    throw new NoSuchMethodException(name);
  }

  @Test
  void joinsClassAndMethodPathsWithOneSlashBetween() throws Exception {
    assertThat(Routes.template(OrderResource.class, method(OrderResource.class, "get")))
        .isEqualTo("/orders/{id}");
    assertThat(Routes.template(OrderResource.class, method(OrderResource.class, "list")))
        .isEqualTo("/orders");
  }

  @Test
  void leavesRegularExpressionsOutOfTemplateParameters() throws Exception {
    assertThat(Routes.template(OrderResource.class, method(OrderResource.class, "line")))
        .isEqualTo("/orders/{id}/lines/{line}");
  }

  @Test
  void findsPathsOnTheImplementedInterface() throws Exception {
    assertThat(Routes.template(ShopResource.class, method(ShopResource.class, "item")))
        .isEqualTo("/api/v1/items/{item}");
  }

  @Test
  void findsTheClassPathOnASuperclass() throws Exception {
    assertThat(Routes.template(Sub.class, method(Sub.class, "get"))).isEqualTo("/orders/{id}");
  }

  @Test
  void aResourceWithoutPathsIsTheRoot() throws Exception {
    assertThat(Routes.template(NoPath.class, method(NoPath.class, "any"))).isEqualTo("/");
  }

  @Test
  void prefixesTheApplicationPath() {
    assertThat(Routes.join("/api/", "/orders/{id}")).isEqualTo("/api/orders/{id}");
    assertThat(Routes.join("", "orders")).isEqualTo("/orders");
    assertThat(Routes.join("", "")).isEqualTo("/");
    assertThat(Routes.join("//a//", "b/")).isEqualTo("/a/b");
  }

  @Test
  void excludedPathPatternsAreExactOrPrefixesEndingInAStar() {
    assertThat(Routes.matches("/health", "/health")).isTrue();
    assertThat(Routes.matches("/health", "/health/live")).isFalse();
    assertThat(Routes.matches("/health*", "/health/live")).isTrue();
    assertThat(Routes.matches("/health/*", "/health")).isFalse();
    assertThat(Routes.matches("*", "/anything")).isTrue();
    assertThat(Routes.matches("/health", null)).isFalse();
  }
}
