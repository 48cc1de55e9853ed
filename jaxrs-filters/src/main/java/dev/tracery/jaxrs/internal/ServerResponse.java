package dev.tracery.jaxrs.internal;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The status and headers of a server response, from JAX-RS or, when JAX-RS never answered, the
 * servlet.
 */
public interface ServerResponse {

  int status();

  List<String> header(String name);

  /**
   * A response known only by its status, such as the 500 a container sends for an unhandled
   * exception.
   */
  static ServerResponse status(int status) {
    return new ServerResponse() {
      @Override
      public int status() {
        return status;
      }

      @Override
      public List<String> header(String name) {
        return List.of();
      }
    };
  }

  static ServerResponse of(ContainerResponseContext response) {
    return new ServerResponse() {
      @Override
      public int status() {
        return response.getStatus();
      }

      @Override
      public List<String> header(String name) {
        List<String> values = response.getStringHeaders().get(name);
        return values == null ? List.of() : values;
      }
    };
  }

  static ServerResponse of(HttpServletResponse response) {
    return new ServerResponse() {
      @Override
      public int status() {
        return response.getStatus();
      }

      @Override
      public List<String> header(String name) {
        return new ArrayList<>(response.getHeaders(name));
      }
    };
  }
}
