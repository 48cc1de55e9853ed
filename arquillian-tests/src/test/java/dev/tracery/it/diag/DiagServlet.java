package dev.tracery.it.diag;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Comparator;

/**
 * A second WAR, without Tracery, that looks at the server JVM from inside:
 * {@code /diag/gc} runs a full GC, {@code /diag/threads} lists live threads as
 * {@code name|context class loader}, {@code /diag/pid} is the server's process id.
 */
@WebServlet("/diag/*")
public class DiagServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setContentType("text/plain;charset=UTF-8");
    PrintWriter out = response.getWriter();
    String what = request.getPathInfo() == null ? "/" : request.getPathInfo();
    switch (what) {
      case "/pid":
        out.print(ProcessHandle.current().pid());
        break;
      case "/gc":
        System.gc();
        System.gc();
        out.print("ok");
        break;
      case "/threads":
        Thread.getAllStackTraces().keySet().stream()
            .filter(Thread::isAlive)
            .sorted(Comparator.comparing(Thread::getName))
            .forEach(t -> out.println(t.getName() + "|" + t.getContextClassLoader()));
        break;
      default:
        response.sendError(404, "use /diag/gc, /diag/threads or /diag/pid");
    }
  }
}
