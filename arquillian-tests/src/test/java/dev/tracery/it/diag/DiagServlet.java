package dev.tracery.it.diag;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Comparator;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A second WAR, without Tracery, that looks at the server JVM from inside: {@code /diag/gc} runs a
 * full GC, {@code /diag/threads} lists live threads as {@code name|context class loader}, {@code
 * /diag/pid} is the server's process id, {@code /diag/exporters} lists Tracery's exporter MXBeans
 * as {@code application|attribute=value|...}.
 */
@WebServlet("/diag/*")
public class DiagServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
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
      case "/exporters":
        // Tracery's MXBeans as an operator's JMX console shows them: one line per application,
        // name|attribute=value|...
        try {
          MBeanServer server = ManagementFactory.getPlatformMBeanServer();
          for (ObjectName name :
              server.queryNames(new ObjectName("dev.tracery:type=Exporter,*"), null)) {
            StringBuilder line =
                new StringBuilder(String.valueOf(name.getKeyProperty("application")));
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
              line.append('|')
                  .append(attribute.getName())
                  .append('=')
                  .append(server.getAttribute(name, attribute.getName()));
            }
            out.println(line);
          }
        } catch (JMException e) {
          throw new IOException(e);
        }
        break;
      default:
        response.sendError(404, "use /diag/gc, /diag/threads, /diag/pid or /diag/exporters");
    }
  }
}
