import com.sun.tools.attach.VirtualMachine;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Prints Tracery's export counts, as an operator reads them with JConsole: attaches to a local JVM by
 * pid and reads every {@code dev.tracery:type=Exporter,application=*} MXBean. Used by load-test.sh to
 * show that the spans of the traced modes were really exported (or, collector down, dropped).
 * Run with {@code java scripts/ExporterStats.java PID}.
 */
public class ExporterStats {
  public static void main(String[] args) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(args[0]);
    String address;
    try {
      address = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
      MBeanServerConnection server = connector.getMBeanServerConnection();
      Set<ObjectName> names = server.queryNames(new ObjectName("dev.tracery:type=Exporter,*"), null);
      if (names.isEmpty()) {
        System.out.println("no Tracery exporter");
      }
      for (ObjectName name : names) {
        System.out.printf("exported %s, dropped %s, failed %s, breaker %s%n",
            server.getAttribute(name, "SpansExported"), server.getAttribute(name, "SpansDropped"),
            server.getAttribute(name, "SpansFailed"), server.getAttribute(name, "CircuitBreakerState"));
      }
    }
  }
}
