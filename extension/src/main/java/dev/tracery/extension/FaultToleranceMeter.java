package dev.tracery.extension;

import io.opentelemetry.api.metrics.Meter;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.InjectionPoint;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lets MicroProfile Fault Tolerance run in a Tracery application on WildFly's microprofile profile.
 *
 * <p>There, SmallRye Fault Tolerance records its metrics through the server's OpenTelemetry: its
 * {@code OpenTelemetryProvider} bean asks for a {@code Meter} bean of the server's OpenTelemetry
 * API when it is created, even with {@code MP_Fault_Tolerance_Metrics_Enabled=false}, and that bean
 * comes from the microprofile-telemetry subsystem, which a Tracery WAR excludes (its {@code
 * jboss-deployment-structure.xml}). Every Fault Tolerance method would then fail with {@code
 * WELD-001334}. A {@code Meter} of the WAR's own OpenTelemetry API does not match (the type asked
 * for is the server's class), and neither does a bean of the right class added through {@code
 * AfterBeanDiscovery.addBean()}'s configurator: Weld puts such a bean in the extension's bean
 * archive, which Fault Tolerance's injection point (in a server module) cannot see. A {@link Bean}
 * passed to {@code addBean(Bean)} goes to the bean archive of its bean class instead, so Tracery's
 * bean names the server's {@code Meter} class as its bean class and serves the server API's no-op
 * meter: Fault Tolerance resolves it (checked on WildFly 39, {@code FaultToleranceRetryIT}) and
 * works, and its metrics are not recorded (as with its metrics disabled).
 *
 * <p>Everything is found by name through the class loader of Fault Tolerance's own class; nothing
 * is added where that class is absent, where it sees Tracery's OpenTelemetry API, or where a bean
 * of its {@code Meter} type already exists.
 */
final class FaultToleranceMeter implements Bean<Object> {

  private static final Logger LOG = Logger.getLogger(FaultToleranceMeter.class.getName());

  /**
   * SmallRye Fault Tolerance's metrics provider for OpenTelemetry, the bean that asks for a Meter.
   */
  static final String OPEN_TELEMETRY_PROVIDER =
      "io.smallrye.faulttolerance.metrics.OpenTelemetryProvider";

  private static final String METER = "io.opentelemetry.api.metrics.Meter";
  private static final String METER_PROVIDER = "io.opentelemetry.api.metrics.MeterProvider";
  static final String SCOPE = "dev.tracery.fault-tolerance";

  private final Class<?> beanClass;
  private final Set<Type> types;
  private final Object meter;

  private FaultToleranceMeter(Class<?> beanClass, Class<?> meterType, Object meter) {
    this.beanClass = beanClass;
    this.types = Set.of(meterType, Object.class);
    this.meter = meter;
  }

  /**
   * The {@code Meter} type Fault Tolerance's provider class asks for, when it is not the one
   * Tracery's classes see; otherwise {@code null}.
   */
  static Class<?> foreignMeterType(Class<?> provider) {
    try {
      Class<?> meter = Class.forName(METER, false, provider.getClassLoader());
      return meter == Meter.class ? null : meter;
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /**
   * Adds a no-op {@code Meter} bean of {@code meterType} (from {@link #foreignMeterType}), unless
   * the application already has one.
   */
  static void addNoopMeter(AfterBeanDiscovery event, BeanManager beanManager, Class<?> meterType) {
    Object meter;
    try {
      if (!beanManager.getBeans(meterType, Any.Literal.INSTANCE).isEmpty()) {
        return;
      }
      Class<?> providerType = Class.forName(METER_PROVIDER, false, meterType.getClassLoader());
      Object meterProvider = providerType.getMethod("noop").invoke(null);
      meter = providerType.getMethod("get", String.class).invoke(meterProvider, SCOPE);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.log(
          Level.WARNING, "Tracery: could not give MicroProfile Fault Tolerance a no-op Meter", e);
      return;
    }
    event.addBean(new FaultToleranceMeter(meterType, meterType, meter));
    LOG.info(
        "Tracery: MicroProfile Fault Tolerance's metrics go to a no-op Meter in this application: the server's"
            + " OpenTelemetry, which would record them, is excluded from it (jboss-deployment-structure.xml)");
  }

  @Override
  public Class<?> getBeanClass() {
    return beanClass;
  }

  @Override
  public Set<InjectionPoint> getInjectionPoints() {
    return Set.of();
  }

  @Override
  public Object create(CreationalContext<Object> context) {
    return meter;
  }

  @Override
  public void destroy(Object instance, CreationalContext<Object> context) {
    context.release();
  }

  @Override
  public Set<Type> getTypes() {
    return types;
  }

  @Override
  public Set<Annotation> getQualifiers() {
    return Set.of(Default.Literal.INSTANCE, Any.Literal.INSTANCE);
  }

  @Override
  public Class<? extends Annotation> getScope() {
    return Dependent.class;
  }

  @Override
  public String getName() {
    return null;
  }

  @Override
  public Set<Class<? extends Annotation>> getStereotypes() {
    return Set.of();
  }

  @Override
  public boolean isAlternative() {
    return false;
  }

  @Override
  public String toString() {
    return "Tracery's no-op Meter for MicroProfile Fault Tolerance";
  }
}
