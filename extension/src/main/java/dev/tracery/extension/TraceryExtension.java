package dev.tracery.extension;

import dev.tracery.Messaging;
import dev.tracery.Spans;
import dev.tracery.Traced;
import dev.tracery.extension.config.TraceryConfig;
import dev.tracery.extension.logs.CurrentTraceIds;
import dev.tracery.extension.logs.LogCorrelation;
import dev.tracery.interceptors.MethodTracing;
import dev.tracery.interceptors.RetryAttemptBinding;
import dev.tracery.interceptors.RetryAttemptInterceptor;
import dev.tracery.interceptors.TimeoutInterceptor;
import dev.tracery.interceptors.TracedInterceptor;
import dev.tracery.interceptors.TracedMethod;
import dev.tracery.interceptors.WithSpanBinding;
import dev.tracery.interceptors.WithSpanInterceptor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opentelemetry.sdk.common.CompletableResultCode;
import jakarta.decorator.Decorator;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessInjectionTarget;
import jakarta.enterprise.inject.spi.ProcessObserverMethod;
import jakarta.enterprise.inject.spi.ProcessSyntheticAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Tracery's CDI portable extension: the one entry point of Tracery in an application.
 *
 * <p>At deployment it reads MicroProfile Config once. While tracing is off (the default) it
 * registers no interceptor, builds no SDK and starts no thread; the application gets a no-op {@link
 * OpenTelemetry}. While on ({@code tracery.enabled=true}, or {@code otel.sdk.disabled=false} when
 * {@code tracery.enabled} is unset) it registers the {@code @Traced} and {@code @WithSpan}
 * interceptors, binds OpenTelemetry's {@code @WithSpan} methods to the latter, validates the
 * configuration and builds one OpenTelemetry SDK for the application with OpenTelemetry's
 * autoconfigure module. Either way it provides injectable {@link OpenTelemetry}, {@link Tracer},
 * {@link Span} and {@link Baggage} beans, and {@link Spans} for programmatic spans; {@code Span}
 * and {@code Baggage} act on whatever span and baggage are current at each call.
 *
 * <p>When the application stops, the SDK is shut down: ended spans are exported, bounded by {@code
 * otel.bsp.export.timeout}, and the SDK's threads stop. The extension keeps no static state, so an
 * undeployed application leaves nothing reachable behind.
 */
public class TraceryExtension implements Extension {

  private static final Logger LOG = Logger.getLogger(TraceryExtension.class.getName());

  private final List<String> definitionErrors = new ArrayList<>();
  private final AtomicBoolean shutDown = new AtomicBoolean();
  private final Supplier<List<String>> versionCheck;

  private TraceryConfig config;
  private boolean agent;
  private boolean jaxrs;
  private boolean bindResources;

  /**
   * Jakarta Messaging is traced: the API is there, tracing is on, no agent (which traces JMS
   * itself).
   */
  private boolean jms;

  private volatile Object jmsTracing;

  /** Jakarta Batch jobs are traced: the API is there and tracing is on. */
  private boolean batch;

  private boolean bindTimeouts;

  /**
   * The server's OpenTelemetry Meter type, which WildFly's Fault Tolerance asks for; see
   * FaultToleranceMeter.
   */
  private Class<?> faultToleranceMeter;

  private final AsyncEvents asyncEvents = new AsyncEvents();
  private List<String> versionProblems = List.of();
  private ClassLoader classLoader;
  private String deploymentName = DeploymentName.FALLBACK;
  private volatile OpenTelemetry openTelemetry = OpenTelemetry.noop();
  private volatile SdkFactory.Built sdk;
  private volatile LogCorrelation logCorrelation;
  private String logCorrelationProblem;

  public TraceryExtension() {
    this(OpenTelemetryVersions::check);
  }

  /** With another check of the OpenTelemetry classes, for tests that provide a mismatch. */
  TraceryExtension(Supplier<List<String>> versionCheck) {
    this.versionCheck = versionCheck;
  }

  void readConfiguration(@Observes BeforeBeanDiscovery event, BeanManager beanManager) {
    classLoader = applicationClassLoader();
    config = TraceryConfig.read(ConfigProvider.getConfig(classLoader));
    // The servlet initializer, which runs after this, reuses what was read here.
    if (OptionalApis.batch()) {
      // Always, also while tracing is off: a job XML that names them must still load.
      BatchSupport.addListeners(event, beanManager);
    }
    if (!config.enabled()) {
      return;
    }
    versionProblems = versionCheck.get();
    if (!versionProblems.isEmpty() && !config.versionMismatchFails()) {
      LOG.warning(
          "Tracery runs against OpenTelemetry classes other than the ones it was built with, and goes on"
              + " because tracery.opentelemetry.version-check=warn (what breaks then is not tested):"
              + versionProblems.stream()
                  .map(problem -> "\n  - " + problem)
                  .collect(Collectors.joining()));
      versionProblems = List.of();
    }
    if (!versionProblems.isEmpty()) {
      return; // nothing is registered; startSdk fails the deployment with what to change
    }
    agent = JavaAgent.isAttached();
    if (!agent && config.problems().isEmpty()) {
      if (config.logsMdc()) {
        startLogCorrelation();
      }
      // From here the server's log handler may read the current span (tracery-server-logging).
      CurrentTraceIds.activate();
    }
    // Without the JAX-RS API (a plain CDI application), nothing of Tracery that names a JAX-RS type
    // is loaded.
    jaxrs = OptionalApis.jaxrs();
    addType(event, beanManager, MethodTracing.class);
    addType(event, beanManager, TracedInterceptor.class);
    addType(event, beanManager, RetryAttemptInterceptor.class);
    if (!agent && OptionalApis.jms()) {
      jms = true;
      addType(event, beanManager, JmsSupport.listenerInterceptor());
      if (OptionalApis.ejb()) {
        MessageDrivenSupport.register(event);
      }
    }
    addType(event, beanManager, AsyncEventDecorator.class);
    if (OptionalApis.ejb()) {
      bindTimeouts = true;
      addType(event, beanManager, TimeoutInterceptor.class);
    }
    batch = OptionalApis.batch();
    if (!agent) {
      // With the OpenTelemetry Java agent attached, @WithSpan methods and HTTP requests are the
      // agent's.
      addType(event, beanManager, WithSpanInterceptor.class);
      // On RESTEasy Tracery's feature records them without intercepting resources (issue 14).
      if (jaxrs && config.http().recordMappedExceptions() && !JaxrsSupport.resteasyServer()) {
        bindResources = true;
        addType(event, beanManager, JaxrsSupport.resourceExceptionInterceptor());
      }
    }
  }

  /**
   * Here, before anything of the application can make a context current: OpenTelemetry's context
   * storage can only be wrapped before its first use. With the Java agent, the agent's own log
   * instrumentations do this.
   */
  private void startLogCorrelation() {
    try {
      logCorrelation = LogCorrelation.start();
    } catch (IllegalStateException e) {
      logCorrelationProblem = e.getMessage();
    } catch (RuntimeException | LinkageError e) {
      logCorrelationProblem = "log correlation could not start: " + e;
      LOG.log(Level.FINE, "Tracery: log correlation could not start", e);
    }
  }

  private String logCorrelationSummary() {
    if (logCorrelation != null) {
      return " Trace ids go to: " + String.join("; ", logCorrelation.description()) + ".";
    }
    return "";
  }

  static void addType(BeforeBeanDiscovery event, BeanManager beanManager, Class<?> type) {
    event.addAnnotatedType(
        beanManager.createAnnotatedType(type),
        TraceryExtension.class.getName() + "#" + type.getName());
  }

  /**
   * Tracery's beans are added by this extension, and only while tracing is on. A server that scans
   * Tracery's jars as implicit bean archives ({@code @Interceptor} is a bean-defining annotation;
   * Payara also picked up {@code MethodTracing}) would otherwise register them a second time, or
   * while tracing is off.
   */
  void vetoDiscoveredInterceptors(
      @Observes @WithAnnotations({Interceptor.class, Decorator.class})
          ProcessAnnotatedType<?> event) {
    vetoUnlessAddedByTracery(
        event,
        TracedInterceptor.class,
        WithSpanInterceptor.class,
        RetryAttemptInterceptor.class,
        TimeoutInterceptor.class,
        AsyncEventDecorator.class);
    // Compared by name: the class names JAX-RS types and must not be loaded where JAX-RS is absent.
    String name = event.getAnnotatedType().getJavaClass().getName();
    if ((name.equals(JaxrsSupport.RESOURCE_EXCEPTION_INTERCEPTOR)
            || name.equals(JmsSupport.LISTENER_INTERCEPTOR))
        && !(event instanceof ProcessSyntheticAnnotatedType)) {
      event.veto();
    }
  }

  void vetoDiscoveredMethodTracing(@Observes ProcessAnnotatedType<MethodTracing> event) {
    vetoUnlessAddedByTracery(event, MethodTracing.class);
  }

  private static void vetoUnlessAddedByTracery(
      ProcessAnnotatedType<?> event, Class<?>... ownTypes) {
    Class<?> type = event.getAnnotatedType().getJavaClass();
    for (Class<?> own : ownTypes) {
      if (type == own && !(event instanceof ProcessSyntheticAnnotatedType)) {
        event.veto();
      }
    }
  }

  /**
   * Binds OpenTelemetry's {@code @WithSpan} methods to Tracery's interceptor while tracing is on.
   */
  void bindWithSpanMethods(
      @Observes @WithAnnotations(WithSpan.class) ProcessAnnotatedType<?> event) {
    if (config.enabled()
        && !agent
        && !event.getAnnotatedType().isAnnotationPresent(Interceptor.class)) {
      event
          .configureAnnotatedType()
          .filterMethods(method -> method.isAnnotationPresent(WithSpan.class))
          .forEach(method -> method.add(WithSpanBinding.Literal.INSTANCE));
    }
  }

  /** MicroProfile Fault Tolerance's {@code @Retry}, by name: the API is optional. */
  static final String FT_RETRY = "org.eclipse.microprofile.faulttolerance.Retry";

  /**
   * Binds Tracery's attempt interceptor to {@code @Traced} and {@code @WithSpan} methods that
   * MicroProfile Fault Tolerance retries ({@code @Retry} on the method or its class), so that each
   * attempt is a span. The annotation is recognised by name: where the Fault Tolerance API is
   * absent nothing is bound.
   */
  void bindRetryAttempts(
      @Observes @WithAnnotations({Traced.class, WithSpan.class}) ProcessAnnotatedType<?> event) {
    AnnotatedType<?> type = event.getAnnotatedType();
    if (!config.enabled() || type.isAnnotationPresent(Interceptor.class)) {
      return;
    }
    boolean classRetried = hasRetry(type.getAnnotations());
    boolean classTraced = type.isAnnotationPresent(Traced.class);
    boolean any = false;
    for (AnnotatedMethod<?> method : type.getMethods()) {
      if (retriedAndTraced(method, classRetried, classTraced)) {
        any = true;
        break;
      }
    }
    if (any) {
      event
          .configureAnnotatedType()
          .filterMethods(method -> retriedAndTraced(method, classRetried, classTraced))
          .forEach(method -> method.add(RetryAttemptBinding.Literal.INSTANCE));
    }
  }

  private boolean retriedAndTraced(
      AnnotatedMethod<?> method, boolean classRetried, boolean classTraced) {
    boolean traced =
        method.isAnnotationPresent(Traced.class)
            || (!agent && method.isAnnotationPresent(WithSpan.class))
            || classTraced;
    return traced && (classRetried || hasRetry(method.getAnnotations()));
  }

  private static boolean hasRetry(Set<Annotation> annotations) {
    for (Annotation annotation : annotations) {
      if (annotation.annotationType().getName().equals(FT_RETRY)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Lets Tracery see what the resource methods of JAX-RS resources that are CDI beans throw, before
   * an exception mapper turns it into a response ({@link JaxrsSupport#bindResourceMethods}), and
   * makes EJB timer callbacks root spans ({@link EjbTimerSupport#bindTimeoutMethods}).
   *
   * <p>This observer cannot be restricted with {@code @WithAnnotations(Path.class, Schedule.class,
   * ...)}: a CDI container reads the annotations of every observer method of an extension when it
   * starts, and a container without the JAX-RS or Enterprise Beans API fails on that one ({@code
   * TypeNotPresentException}). So it sees every discovered type, at deployment only, and returns at
   * once unless one of those APIs is present and tracing is on (Weld logs {@code WELD-000411} about
   * it at INFO).
   */
  void bindMethods(@Observes ProcessAnnotatedType<?> event) {
    String typeName = event.getAnnotatedType().getJavaClass().getName();
    if ((typeName.equals(BatchSupport.JOB_LISTENER)
            || typeName.equals(BatchSupport.STEP_LISTENER)
            || typeName.equals(BatchSupport.TRACING))
        && !(event instanceof ProcessSyntheticAnnotatedType)) {
      // Found by scanning Tracery's jar: the listeners the extension added stay; BatchTracing is
      // only ever the extension's bean.
      event.veto();
      return;
    }
    if (bindResources) {
      JaxrsSupport.bindResourceMethods(event);
    }
    if (jms) {
      // message-driven beans (any concrete MessageListener): onMessage becomes a CONSUMER span
      JmsSupport.bindListeners(event);
    }
    if (bindTimeouts) {
      EjbTimerSupport.bindTimeoutMethods(event);
    }
    if (faultToleranceMeter == null
        && FaultToleranceMeter.OPEN_TELEMETRY_PROVIDER.equals(
            event.getAnnotatedType().getJavaClass().getName())) {
      faultToleranceMeter =
          FaultToleranceMeter.foreignMeterType(event.getAnnotatedType().getJavaClass());
    }
  }

  /**
   * Puts tracing wrappers into the {@code @Inject JMSContext} and {@code @Resource
   * ConnectionFactory} fields of a bean or EE component once the container has injected them, so
   * that sending needs no code. Only classes with such fields are touched.
   */
  void wrapJmsResources(@Observes ProcessInjectionTarget<?> event) {
    if (jms) {
      JmsSupport.wrapInjectionTarget(event, () -> jmsTracing);
    }
  }

  /**
   * Makes each asynchronous observer ({@code @ObservesAsync}) run in the trace context its event
   * was fired in ({@link AsyncEvents}).
   */
  <T, X> void wrapAsyncObservers(@Observes ProcessObserverMethod<T, X> event) {
    ObserverMethod<T> observer = event.getObserverMethod();
    if (!config.enabled() || !observer.isAsync()) {
      return;
    }
    AsyncEvents events = asyncEvents;
    event
        .configureObserverMethod()
        .notifyWith(eventContext -> events.notify(observer, eventContext));
  }

  /**
   * Reports {@code @Traced} and {@code @WithSpan} where no interceptor can ever apply them ({@link
   * TracedMethod#checkDefinitions}).
   */
  void checkTracedUse(
      @Observes @WithAnnotations({Traced.class, WithSpan.class}) ProcessAnnotatedType<?> event) {
    List<String> warnings = new ArrayList<>();
    TracedMethod.checkDefinitions(event.getAnnotatedType(), definitionErrors, warnings);
    for (String warning : warnings) {
      LOG.warning(warning);
    }
  }

  void addBeans(@Observes AfterBeanDiscovery event, BeanManager beanManager) {
    for (String error : definitionErrors) {
      event.addDefinitionError(new DefinitionException(error));
    }
    if (faultToleranceMeter != null) {
      FaultToleranceMeter.addNoopMeter(event, beanManager, faultToleranceMeter);
      faultToleranceMeter = null;
    }
    if (config.enabled()) {
      event
          .addBean()
          .types(AsyncEvents.class)
          .scope(Singleton.class)
          .createWith(context -> asyncEvents);
    }
    event
        .addBean()
        .types(OpenTelemetry.class, Object.class)
        .scope(Singleton.class)
        .createWith(context -> openTelemetry)
        .destroyWith((instance, context) -> shutdown());
    event
        .addBean()
        .types(Tracer.class, Object.class)
        .scope(Singleton.class)
        .createWith(context -> openTelemetry.getTracer(deploymentName));
    if (config.enabled() && !agent && jaxrs) {
      JaxrsSupport.addBeans(event, () -> openTelemetry, config.http());
    }
    if (batch) {
      BatchSupport.addTracing(event, () -> openTelemetry);
    }
    if (jms) {
      event
          .addBean()
          .types(JmsSupport.tracingType(), Object.class)
          .scope(Singleton.class)
          .createWith(context -> jmsTracing);
    }
    event
        .addBean()
        .types(Messaging.class, Object.class)
        .scope(Singleton.class)
        .createWith(
            context -> config.enabled() ? Messaging.create(openTelemetry) : Messaging.noop());
    // Programmatic spans: the no-op instance while tracing is off, so that path does no span work.
    event
        .addBean()
        .types(Spans.class, Object.class)
        .scope(Singleton.class)
        .createWith(context -> config.enabled() ? Spans.create(openTelemetry) : Spans.noop());
    event
        .addBean()
        .types(Span.class, Object.class)
        .scope(Singleton.class)
        .createWith(context -> CurrentSpan.INSTANCE);
    event
        .addBean()
        .types(Baggage.class, Object.class)
        .scope(Singleton.class)
        .createWith(context -> CurrentBaggage.INSTANCE);
  }

  void startSdk(@Observes AfterDeploymentValidation event) {
    deploymentName = DeploymentName.find();
    SdkStartup.Started started =
        SdkStartup.start(
            config,
            versionProblems,
            agent,
            classLoader,
            deploymentName,
            logCorrelationSummary(),
            logCorrelationProblem);
    sdk = started.sdk;
    openTelemetry = started.openTelemetry;
    if (jms && started.sdk != null) {
      jmsTracing = JmsSupport.create(openTelemetry);
    }
    for (DeploymentException problem : started.problems) {
      event.addDeploymentProblem(problem);
    }
  }

  /** The configuration read at deployment; null before {@code BeforeBeanDiscovery}. */
  TraceryConfig configuration() {
    return config;
  }

  /**
   * The fallback when the {@code OpenTelemetry} bean was never created, so never destroyed; and, on
   * or off, the release of the deployment from RESTEasy's client provider cache.
   */
  void stopSdk(@Observes BeforeShutdown event) {
    shutdown();
    ResteasyClientCache.forget(classLoader);
  }

  /**
   * Shuts the SDK down once: exports what is queued, within the export timeout, and stops its
   * threads.
   */
  void shutdown() {
    if (!shutDown.compareAndSet(false, true)) {
      return;
    }
    CurrentTraceIds.deactivate();
    if (logCorrelation != null) {
      logCorrelation.stop();
      logCorrelation = null;
    }
    SdkFactory.Built built = sdk;
    sdk = null;
    openTelemetry = OpenTelemetry.noop();
    if (built == null) {
      return;
    }
    Duration timeout = built.shutdownTimeout;
    CompletableResultCode result =
        built.sdk.getOpenTelemetrySdk().shutdown().join(timeout.toMillis(), TimeUnit.MILLISECONDS);
    // One line for whatever was lost at shutdown, with the count (issue 10).
    String lost = built.pipeline.close(result.isDone());
    built.pipeline.statistics().unregister();
    if (lost != null) {
      LOG.warning("Tracery: the OpenTelemetry SDK of '" + deploymentName + "' " + lost);
    } else if (LOG.isLoggable(Level.FINE)) {
      LOG.fine("Tracery: the OpenTelemetry SDK of '" + deploymentName + "' is shut down.");
    }
  }

  private static ClassLoader applicationClassLoader() {
    ClassLoader tccl = Thread.currentThread().getContextClassLoader();
    return tccl != null ? tccl : TraceryExtension.class.getClassLoader();
  }
}
