package dev.tracery.extension;

import dev.tracery.jaxrs.HttpTracingConfig;
import dev.tracery.jaxrs.internal.JaxrsTracing;
import dev.tracery.jaxrs.server.ResourceExceptionInterceptor;
import dev.tracery.jaxrs.server.TracedResource;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.function.Supplier;

/**
 * The part of {@link TraceryExtension} that names JAX-RS types. Loaded only once {@link
 * OptionalApis#jaxrs()} has found the JAX-RS API: a CDI container reads every observer method of an
 * extension class, so the extension itself must not mention a JAX-RS type in a signature or
 * annotation ({@code TypeNotPresentException: Type jakarta.ws.rs.Path not present} in a container
 * without JAX-RS).
 */
final class JaxrsSupport {

  static final String RESOURCE_EXCEPTION_INTERCEPTOR =
      "dev.tracery.jaxrs.server.ResourceExceptionInterceptor";

  private JaxrsSupport() {}

  /**
   * Whether the application's JAX-RS server is RESTEasy (WildFly), where {@code
   * TracingServerFeature} records mapped exceptions through RESTEasy's method injectors, so that
   * resources need no interceptor; elsewhere (Jersey on Payara) the interceptor does it.
   */
  static boolean resteasyServer() {
    return OptionalApis.present("org.jboss.resteasy.spi.InjectorFactory")
        && OptionalApis.present("org.jboss.resteasy.core.ResourceMethodInvoker")
        && !OptionalApis.present("org.glassfish.jersey.server.ApplicationHandler");
  }

  static Class<?> resourceExceptionInterceptor() {
    return ResourceExceptionInterceptor.class;
  }

  /**
   * Lets Tracery see what the resource methods of JAX-RS resources that are CDI beans throw, before
   * an exception mapper turns it into a response. Only methods CDI can intercept get the binding.
   */
  static void bindResourceMethods(ProcessAnnotatedType<?> event) {
    AnnotatedType<?> type = event.getAnnotatedType();
    Class<?> resourceClass = type.getJavaClass();
    if (resourceClass.isInterface()
        || Modifier.isFinal(resourceClass.getModifiers())
        || type.isAnnotationPresent(Interceptor.class)
        || !isResource(type)) {
      return;
    }
    event
        .configureAnnotatedType()
        .filterMethods(method -> isInterceptableResourceMethod(method.getJavaMember()))
        .forEach(method -> method.add(TracedResource.Literal.INSTANCE));
  }

  /**
   * What {@code @WithAnnotations(Path.class)} selected: {@code @Path} on the type or on one of its
   * methods.
   */
  private static boolean isResource(AnnotatedType<?> type) {
    if (type.isAnnotationPresent(Path.class)) {
      return true;
    }
    return type.getMethods().stream().anyMatch(method -> method.isAnnotationPresent(Path.class));
  }

  private static boolean isInterceptableResourceMethod(Method method) {
    int modifiers = method.getModifiers();
    if (!Modifier.isPublic(modifiers)
        || Modifier.isStatic(modifiers)
        || Modifier.isFinal(modifiers)) {
      return false;
    }
    if (method.isAnnotationPresent(Path.class)) {
      return true;
    }
    for (Annotation annotation : method.getAnnotations()) {
      if (annotation.annotationType().isAnnotationPresent(HttpMethod.class)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The beans Tracery's JAX-RS filters look up while tracing is on: the HTTP section of the
   * configuration (read when a JAX-RS application is deployed, by {@code TracingLookup}) and the
   * instrumenters.
   */
  static void addBeans(
      AfterBeanDiscovery event, Supplier<OpenTelemetry> openTelemetry, HttpTracingConfig config) {
    event
        .addBean()
        .types(HttpTracingConfig.class, Object.class)
        .scope(Singleton.class)
        .createWith(context -> config);
    event
        .addBean()
        .types(JaxrsTracing.class, Object.class)
        .scope(Singleton.class)
        .createWith(context -> new JaxrsTracing(openTelemetry.get(), config));
  }
}
