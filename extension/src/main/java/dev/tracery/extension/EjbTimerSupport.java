package dev.tracery.extension;

import dev.tracery.interceptors.TimeoutBinding;
import jakarta.ejb.Schedule;
import jakarta.ejb.Schedules;
import jakarta.ejb.Timeout;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.interceptor.Interceptor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Binds every EJB timeout method to Tracery's timeout interceptor, so that each timer callback is a
 * root span without an annotation of the application's. Names Jakarta Enterprise Beans types:
 * loaded only after {@link OptionalApis#ejb()} found that API.
 */
final class EjbTimerSupport {

  static final String PROBE = "jakarta.ejb.Schedule";

  private EjbTimerSupport() {}

  static void bindTimeoutMethods(ProcessAnnotatedType<?> event) {
    if (event.getAnnotatedType().isAnnotationPresent(Interceptor.class)
        || event.getAnnotatedType().getMethods().stream()
            .noneMatch(EjbTimerSupport::isTimeoutMethod)) {
      return;
    }
    event
        .configureAnnotatedType()
        .filterMethods(EjbTimerSupport::isTimeoutMethod)
        .forEach(method -> method.add(TimeoutBinding.Literal.INSTANCE));
  }

  /**
   * A timeout method the container can intercept. Private and final ones are left alone: an
   * interceptor binding there would make some CDI containers fail the deployment.
   */
  private static boolean isTimeoutMethod(AnnotatedMethod<?> method) {
    Method javaMethod = method.getJavaMember();
    int modifiers = javaMethod.getModifiers();
    if (Modifier.isStatic(modifiers)
        || Modifier.isPrivate(modifiers)
        || Modifier.isFinal(modifiers)) {
      return false;
    }
    return method.isAnnotationPresent(Schedule.class)
        || method.isAnnotationPresent(Schedules.class)
        || method.isAnnotationPresent(Timeout.class);
  }
}
