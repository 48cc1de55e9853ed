package dev.tracery.extension.jaxrs;

import dev.tracery.extension.TestSpans;
import dev.tracery.extension.TraceryExtension;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.PathHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.FilterInfo;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.api.ServletInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.http.HttpServlet;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.resteasy.cdi.CdiInjectorFactory;
import org.jboss.resteasy.cdi.ResteasyCdiExtension;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.microprofile.client.RestClientExtension;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;
import org.jboss.resteasy.plugins.server.servlet.ResteasyContextParameters;
import org.jboss.resteasy.spi.ResteasyDeployment;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * A JAX-RS application running in process on the stack WildFly runs: RESTEasy's servlet on
 * Undertow, CDI by Weld SE with Tracery's extension, MicroProfile Config by SmallRye Config,
 * RESTEasy's MicroProfile Rest Client. Servlet container initializers are found as a server finds
 * them (through {@code META-INF/services}), so Tracery registers its servlet filter itself. Spans
 * go to the in-memory exporter of {@link TestSpans}, synchronously.
 */
final class JaxrsServer implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private Undertow undertow;
  private DeploymentManager manager;
  private WeldContainer weld;
  private ResteasyDeployment resteasy;
  private SmallRyeConfig config;
  private URI baseUri;
  private URI contextUri;

  static Builder builder(Class<? extends Application> application) {
    return new Builder(application);
  }

  static final class Builder {
    private final Class<? extends Application> application;
    private final List<Class<?>> beans = new ArrayList<>();
    private final Map<String, String> config = new LinkedHashMap<>();
    private final Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    private int workerThreads = 8;
    private Class<? extends HttpServlet30Dispatcher> jaxrsServlet = HttpServlet30Dispatcher.class;

    private Builder(Class<? extends Application> application) {
      this.application = application;
      config.put("tracery.enabled", "true");
      config.put("otel.traces.exporter", "none");
      config.put("otel.service.name", "shop");
    }

    Builder beans(Class<?>... types) {
      beans.addAll(List.of(types));
      return this;
    }

    Builder config(String key, String value) {
      config.put(key, value);
      return this;
    }

    /**
     * A plain servlet next to JAX-RS, named {@code path}, mapped to {@code /<path>}, or to {@code
     * path} itself when it is a pattern ({@code /pages/*}, {@code *.xhtml}).
     */
    Builder servlet(String path, HttpServlet servlet) {
      servlets.put(path, servlet);
      return this;
    }

    /**
     * RESTEasy's servlet under another class name, one Tracery's servlet filter does not know as
     * JAX-RS's.
     */
    Builder jaxrsServlet(Class<? extends HttpServlet30Dispatcher> servletClass) {
      this.jaxrsServlet = servletClass;
      return this;
    }

    Builder workerThreads(int threads) {
      this.workerThreads = threads;
      return this;
    }

    JaxrsServer start() {
      JaxrsServer server = new JaxrsServer();
      try {
        server.start(this);
        return server;
      } catch (Exception | Error e) {
        server.close();
        if (e instanceof RuntimeException) {
          throw (RuntimeException) e;
        }
        if (e instanceof Error) {
          throw (Error) e;
        }
        throw new IllegalStateException(e);
      }
    }
  }

  private void start(Builder builder) throws Exception {
    PathHandler root = Handlers.path();
    undertow =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setWorkerThreads(builder.workerThreads)
            .setHandler(root)
            .build();
    undertow.start();
    int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    String mapping =
        "/"
            + builder
                .application
                .getAnnotation(ApplicationPath.class)
                .value()
                .replaceAll("^/|/$", "");
    contextUri = URI.create("http://127.0.0.1:" + port + "/shop");
    baseUri = URI.create(contextUri + mapping + "/");

    ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
    Map<String, String> properties = new LinkedHashMap<>(builder.config);
    properties.put("shop-api/mp-rest/url", baseUri.toString());
    config =
        new SmallRyeConfigBuilder()
            .addDefaultInterceptors()
            .withSources(new PropertiesConfigSource(properties, "jaxrs-test", 500))
            .build();
    ConfigProviderResolver.instance().registerConfig(config, classLoader);

    Weld weldBuilder =
        new Weld("jaxrs-test-" + port)
            .disableDiscovery()
            .skipShutdownHook()
            .property("org.jboss.weld.executor.threadPoolType", "NONE")
            .addBeanClass(TestSpans.class)
            .addExtension(new TraceryExtension())
            .addExtension(new ResteasyCdiExtension())
            .addExtension(new RestClientExtension());
    for (Class<?> bean : builder.beans) {
      weldBuilder.addBeanClass(bean);
    }
    weld = weldBuilder.initialize();

    resteasy = new ResteasyDeploymentImpl();
    resteasy.setApplicationClass(builder.application.getName());
    resteasy.setInjectorFactory(new CdiInjectorFactory(weld.getBeanManager()));
    resteasy.start();

    DeploymentInfo deployment =
        Servlets.deployment()
            .setClassLoader(classLoader)
            .setContextPath("/shop")
            .setDeploymentName("shop")
            .addServletContextAttribute(ResteasyDeployment.class.getName(), resteasy)
            .addServlet(
                Servlets.servlet("resteasy", builder.jaxrsServlet)
                    .setAsyncSupported(true)
                    .setLoadOnStartup(1)
                    .addMapping(mapping + "/*")
                    .addInitParam(
                        ResteasyContextParameters.RESTEASY_SERVLET_MAPPING_PREFIX, mapping));
    for (Map.Entry<String, HttpServlet> servlet : builder.servlets.entrySet()) {
      deployment.addServlet(
          new ServletInfo(
                  servlet.getKey(),
                  servlet.getValue().getClass(),
                  new ImmediateInstanceFactory<>(servlet.getValue()))
              .setAsyncSupported(true)
              .addMapping(
                  servlet.getKey().startsWith("/") || servlet.getKey().startsWith("*")
                      ? servlet.getKey()
                      : "/" + servlet.getKey()));
    }
    deployment.addFilter(
        new FilterInfo(
                "cdi-request-context",
                CdiRequestContextFilter.class,
                new ImmediateInstanceFactory<>(new CdiRequestContextFilter(weld.getBeanManager())))
            .setAsyncSupported(true));
    deployment.addFilterUrlMapping("cdi-request-context", "/*", DispatcherType.REQUEST);
    // Embedded Undertow does not look for servlet container initializers; a server does, in every
    // jar.
    for (ServletContainerInitializer initializer :
        ServiceLoader.load(ServletContainerInitializer.class, classLoader)) {
      deployment.addServletContainerInitializer(
          new ServletContainerInitializerInfo(initializer.getClass(), new HashSet<>()));
    }
    manager = Servlets.defaultContainer().addDeployment(deployment);
    manager.deploy();
    root.addPrefixPath("/shop", manager.start());
  }

  /** {@code http://127.0.0.1:PORT/shop/api/} */
  URI baseUri() {
    return baseUri;
  }

  /** {@code http://127.0.0.1:PORT/shop} */
  URI contextUri() {
    return contextUri;
  }

  WeldContainer weld() {
    return weld;
  }

  /** The JAX-RS application's configuration as RESTEasy built it: its providers. */
  jakarta.ws.rs.core.Configuration jaxrsConfiguration() {
    return resteasy.getProviderFactory();
  }

  List<SpanData> spans() {
    return weld.select(TestSpans.class).get().exporter().getFinishedSpanItems();
  }

  /**
   * Waits (bounded) until the spans satisfy {@code condition}: server spans end after the response
   * is sent.
   */
  List<SpanData> awaitSpans(Predicate<List<SpanData>> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      List<SpanData> spans = spans();
      if (condition.test(spans)) {
        return spans;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("spans never matched; got " + spans);
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** The first SERVER span, once there is one. */
  SpanData awaitServerSpan() {
    return awaitSpans(spans -> spans.stream().anyMatch(s -> s.getKind() == SpanKind.SERVER))
        .stream()
        .filter(s -> s.getKind() == SpanKind.SERVER)
        .findFirst()
        .orElseThrow();
  }

  void clearSpans() {
    weld.select(TestSpans.class).get().exporter().reset();
  }

  /**
   * A request from outside, with the JDK's HttpClient (never traced by Tracery's client filter).
   */
  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(baseUri.resolve(path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  @Override
  public void close() {
    if (manager != null) {
      try {
        manager.stop();
      } catch (Exception ignored) {
        // closing anyway
      }
      manager.undeploy();
      manager = null;
    }
    if (undertow != null) {
      undertow.stop();
      undertow = null;
    }
    if (resteasy != null) {
      resteasy.stop();
      resteasy = null;
    }
    if (weld != null) {
      weld.shutdown();
      weld = null;
    }
    if (config != null) {
      ConfigProviderResolver.instance().releaseConfig(config);
      config = null;
    }
  }
}
