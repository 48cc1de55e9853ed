package dev.tracery.jaxrs.internal;

import dev.tracery.jaxrs.HttpTracingConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.opentelemetry.instrumentation.api.instrumenter.InstrumenterBuilder;
import io.opentelemetry.instrumentation.api.instrumenter.SpanKindExtractor;
import io.opentelemetry.instrumentation.api.semconv.http.HttpClientAttributesExtractor;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerAttributesExtractor;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRoute;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRouteSource;
import io.opentelemetry.instrumentation.api.semconv.http.HttpSpanNameExtractor;
import io.opentelemetry.instrumentation.api.semconv.http.HttpSpanStatusExtractor;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.container.Suspended;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything Tracery's JAX-RS filters share within one application, built once when the application
 * starts: the server and client {@link Instrumenter}s (OpenTelemetry's HTTP semantic conventions),
 * the configuration, and the route cache. Tracery's extension makes it a bean while tracing is on;
 * the filters look it up once.
 */
public final class JaxrsTracing {

  /** The instrumentation scope of Tracery's HTTP spans. */
  public static final String INSTRUMENTATION_NAME = "dev.tracery.jaxrs";

  private static final Logger LOG = Logger.getLogger(JaxrsTracing.class.getName());

  private final HttpTracingConfig config;
  private final Instrumenter<ServerCall, ServerResponse> server;
  private final Instrumenter<ServerCall, ServerResponse> serverWithoutPropagation;
  private final Instrumenter<ClientRequestContext, ClientResponseContext> client;
  private final ConcurrentHashMap<Method, MatchedMethod> routes = new ConcurrentHashMap<>();
  private final Set<String> failuresLogged = ConcurrentHashMap.newKeySet();
  private final HeaderWarnings headerWarnings;

  public JaxrsTracing(OpenTelemetry openTelemetry, HttpTracingConfig config) {
    this.config = config;
    String version = JaxrsTracing.class.getPackage().getImplementationVersion();

    this.headerWarnings = new HeaderWarnings(System::nanoTime);
    ServerCallGetter serverGetter = new ServerCallGetter(config, headerWarnings);
    this.server =
        serverBuilder(openTelemetry, serverGetter, version).buildServerInstrumenter(serverGetter);
    this.serverWithoutPropagation =
        serverBuilder(openTelemetry, serverGetter, version)
            .buildInstrumenter(SpanKindExtractor.alwaysServer());

    ClientRequestGetter clientGetter = new ClientRequestGetter(config);
    InstrumenterBuilder<ClientRequestContext, ClientResponseContext> clientBuilder =
        Instrumenter.<ClientRequestContext, ClientResponseContext>builder(
                openTelemetry,
                INSTRUMENTATION_NAME,
                HttpSpanNameExtractor.builder(clientGetter)
                    .setKnownMethods(config.knownMethods())
                    .build())
            .setSpanStatusExtractor(HttpSpanStatusExtractor.create(clientGetter))
            .addAttributesExtractor(
                HttpClientAttributesExtractor.builder(clientGetter)
                    .setCapturedRequestHeaders(config.clientRequestHeaders())
                    .setCapturedResponseHeaders(config.clientResponseHeaders())
                    .setKnownMethods(config.knownMethods())
                    .build());
    if (version != null) {
      clientBuilder.setInstrumentationVersion(version);
    }
    this.client = clientBuilder.buildClientInstrumenter(clientGetter);
  }

  private InstrumenterBuilder<ServerCall, ServerResponse> serverBuilder(
      OpenTelemetry openTelemetry, ServerCallGetter getter, String version) {
    InstrumenterBuilder<ServerCall, ServerResponse> builder =
        Instrumenter.<ServerCall, ServerResponse>builder(
                openTelemetry,
                INSTRUMENTATION_NAME,
                HttpSpanNameExtractor.builder(getter)
                    .setKnownMethods(config.knownMethods())
                    .build())
            .setSpanStatusExtractor(HttpSpanStatusExtractor.create(getter))
            .addAttributesExtractor(
                HttpServerAttributesExtractor.builder(getter)
                    .setCapturedRequestHeaders(config.serverRequestHeaders())
                    .setCapturedResponseHeaders(config.serverResponseHeaders())
                    .setKnownMethods(config.knownMethods())
                    .build())
            .addContextCustomizer(
                HttpServerRoute.builder(getter).setKnownMethods(config.knownMethods()).build());
    if (version != null) {
      builder.setInstrumentationVersion(version);
    }
    return builder;
  }

  public Instrumenter<ClientRequestContext, ClientResponseContext> client() {
    return client;
  }

  /**
   * Starts the server span of {@code call} as a child of the trace context its headers carry, in a
   * new trace when they carry none or garbage, and makes it current on this thread. Returns false
   * (and traces nothing) only when even that fails; never throws.
   */
  public boolean startServer(ServerCall call) {
    // Context.root(), not Context.current(): what an earlier request left on a pooled thread must
    // never
    // become the parent of this one.
    Context root = Context.root();
    try {
      if (server.shouldStart(root, call)) {
        call.started(server, server.start(root, call));
        return true;
      }
      return false;
    } catch (RuntimeException | LinkageError e) {
      // What a client sends decides this failure: counted, at most one line a minute.
      headerWarnings.unreadable(e);
    }
    try {
      call.started(serverWithoutPropagation, serverWithoutPropagation.start(root, call));
      return true;
    } catch (RuntimeException | LinkageError e) {
      logOnce("start", "a request could not be traced", e);
      return false;
    }
  }

  /**
   * Sets {@code http.route} and the span name from the matched resource method, and returns what is
   * known about that method (null when JAX-RS matched none). Computed once per resource method.
   */
  public MatchedMethod route(ServerCall call, ResourceInfo resource, String applicationPath) {
    Method method = resource.getResourceMethod();
    if (method == null) {
      return null;
    }
    Class<?> resourceClass = resource.getResourceClass();
    MatchedMethod matched = routes.get(method);
    if (matched == null
        || matched.resourceClass != resourceClass
        || !matched.applicationPath.equals(applicationPath)) {
      // (A method inherited by two resource classes has a route under each.)
      matched =
          new MatchedMethod(
              resourceClass,
              applicationPath,
              Routes.join(applicationPath, Routes.template(resourceClass, method)),
              MatchedMethod.isAsync(method));
      routes.put(method, matched);
    }
    HttpServerRoute.update(call.context(), HttpServerRouteSource.CONTROLLER, matched.route);
    return matched;
  }

  /**
   * A resource method as Tracery needs it: its route under one application path, and whether it is
   * asynchronous.
   */
  public static final class MatchedMethod {
    final Class<?> resourceClass;
    final String applicationPath;
    final String route;

    /** Returns a {@code CompletionStage} or takes a {@code @Suspended AsyncResponse}. */
    public final boolean async;

    MatchedMethod(Class<?> resourceClass, String applicationPath, String route, boolean async) {
      this.resourceClass = resourceClass;
      this.applicationPath = applicationPath;
      this.route = route;
      this.async = async;
    }

    static boolean isAsync(Method method) {
      if (CompletionStage.class.isAssignableFrom(method.getReturnType())) {
        return true;
      }
      Class<?>[] types = method.getParameterTypes();
      Annotation[][] annotations = method.getParameterAnnotations();
      for (int i = 0; i < types.length; i++) {
        if (types[i] == AsyncResponse.class) {
          for (Annotation annotation : annotations[i]) {
            if (annotation.annotationType() == Suspended.class) {
              return true;
            }
          }
        }
      }
      return false;
    }
  }

  /**
   * Whether a request path is excluded from tracing by {@code tracery.http.server.excluded-paths}.
   */
  public boolean excluded(String contextRelativePath, String applicationRelativePath) {
    List<String> patterns = config.excludedPaths();
    for (int i = 0, n = patterns.size(); i < n; i++) {
      String pattern = patterns.get(i);
      if (Routes.matches(pattern, contextRelativePath)
          || Routes.matches(pattern, applicationRelativePath)) {
        return true;
      }
    }
    return false;
  }

  public boolean hasExcludedPaths() {
    return !config.excludedPaths().isEmpty();
  }

  /** Logs a failure of Tracery's own once per cause at WARNING, then at FINE. Never throws. */
  public void logOnce(String cause, String what, Throwable failure) {
    if (failuresLogged.add(cause + ":" + failure.getClass().getName())) {
      LOG.log(
          Level.WARNING, "Tracery: " + what + " (" + failure + "); this is logged once.", failure);
    } else if (LOG.isLoggable(Level.FINE)) {
      LOG.log(Level.FINE, "Tracery: " + what, failure);
    }
  }
}
