package dev.tracery.it.web;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import java.io.IOException;

/**
 * A page of a web application, no JAX-RS: it asks a {@code @Stateless} and a {@code @Singleton}
 * EJB, and, for {@code /pages/order}, the application's own JAX-RS API through a JAX-RS client.
 */
@WebServlet("/pages/*")
public class PageServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject StockBean stock;
  @Inject VisitCounter visits;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String page = request.getPathInfo() == null ? "/" : request.getPathInfo();
    if (page.equals("/order")) {
      String self =
          request
              .getRequestURL()
              .toString()
              .replace(request.getRequestURI(), request.getContextPath());
      Client client = ClientBuilder.newClient();
      try {
        String punctuated =
            client
                .target(self + "/api/punctuation")
                .queryParam("sentence", "page")
                .request()
                .get(String.class);
        response.getWriter().print("ordered " + punctuated);
      } finally {
        client.close();
      }
      return;
    }
    response
        .getWriter()
        .print("page " + page + " stock " + stock.count(page) + " visit " + visits.next());
  }
}
