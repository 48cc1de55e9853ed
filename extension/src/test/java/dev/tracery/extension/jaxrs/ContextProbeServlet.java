package dev.tracery.extension.jaxrs;

import io.opentelemetry.context.Context;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A plain servlet (no JAX-RS): says whether its request thread carries any OpenTelemetry context.
 */
public class ContextProbeServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response
        .getWriter()
        .print(Context.current() == Context.root() ? "clean" : "leaked:" + Context.current());
  }
}
