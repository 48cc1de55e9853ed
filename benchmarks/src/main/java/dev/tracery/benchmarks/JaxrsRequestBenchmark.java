package dev.tracery.benchmarks;

import dev.tracery.extension.TraceryExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.cdi.CdiInjectorFactory;
import org.jboss.resteasy.cdi.ResteasyCdiExtension;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.mock.MockHttpRequest;
import org.jboss.resteasy.mock.MockHttpResponse;
import org.jboss.resteasy.spi.Dispatcher;
import org.jboss.resteasy.spi.ResteasyDeployment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (7) One JAX-RS request dispatched in process by RESTEasy (WildFly's JAX-RS), no network: with
 * Tracery off, and with Tracery on (a SERVER span per request, named after its route, exported
 * through the batch processor to an exporter that discards). The difference is what Tracery's
 * filters cost a request.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class JaxrsRequestBenchmark {

  /**
   * RESTEasy with CDI by Weld and Tracery's extension; Tracery's filters come from
   * META-INF/services.
   */
  public abstract static class Runtime {
    WeldApplication application;
    ResteasyDeployment deployment;
    Dispatcher dispatcher;

    abstract Map<String, String> config();

    @Setup(Level.Trial)
    public void start() throws Exception {
      application =
          WeldApplication.start(
              config(),
              List.of(new TraceryExtension(), new ResteasyCdiExtension()),
              OrderResource.class);
      deployment = new ResteasyDeploymentImpl();
      deployment.setApplicationClass(BenchmarkApplication.class.getName());
      deployment.setInjectorFactory(new CdiInjectorFactory(application.beanManager()));
      deployment.start();
      dispatcher = deployment.getDispatcher();
      if (!"42".equals(request())) {
        throw new IllegalStateException("the benchmark request does not work");
      }
    }

    String request() throws Exception {
      MockHttpRequest request = MockHttpRequest.get("/orders/42");
      request.header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
      request.header("User-Agent", "benchmark");
      MockHttpResponse response = new MockHttpResponse();
      dispatcher.invoke(request, response);
      return response.getContentAsString();
    }

    @TearDown(Level.Trial)
    public void stop() {
      deployment.stop();
      application.close();
    }
  }

  @State(Scope.Benchmark)
  public static class Off extends Runtime {
    @Override
    Map<String, String> config() {
      return Map.of("tracery.enabled", "false");
    }
  }

  @State(Scope.Benchmark)
  public static class On extends Runtime {
    @Override
    Map<String, String> config() {
      return Map.of("tracery.enabled", "true", "otel.traces.exporter", "discard");
    }
  }

  @Benchmark
  public String requestTracingOff(Off runtime) throws Exception {
    return runtime.request();
  }

  @Benchmark
  public String requestTracingOn(On runtime) throws Exception {
    return runtime.request();
  }
}
