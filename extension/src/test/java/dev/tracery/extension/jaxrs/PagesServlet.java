package dev.tracery.extension.jaxrs;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import java.io.IOException;
import java.net.URI;

/**
 * A plain servlet, as a page of a web application: it calls a {@code @Traced} bean and, for {@code
 * /pages/order}, the application's own JAX-RS API through a JAX-RS client; {@code /pages/fail}
 * throws; {@code /pages/async} answers from another thread.
 */
public class PagesServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  volatile Inventory inventory;
  volatile URI api;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String page = request.getPathInfo() == null ? "/" : request.getPathInfo();
    switch (page) {
      case "/fail":
        throw new IllegalStateException("page failed");
      case "/async":
        AsyncContext async = request.startAsync();
        new Thread(
                () -> {
                  try {
                    ((HttpServletResponse) async.getResponse()).setStatus(202);
                    async.getResponse().getWriter().print("later");
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  } finally {
                    async.complete();
                  }
                })
            .start();
        return;
      case "/order":
        Client client = ClientBuilder.newClient();
        try {
          String order = client.target(api.resolve("orders/5")).request().get(String.class);
          response.getWriter().print("page with " + order);
        } finally {
          client.close();
        }
        return;
      default:
        response.getWriter().print("page " + page + " stock " + inventory.count("abc"));
    }
  }
}
