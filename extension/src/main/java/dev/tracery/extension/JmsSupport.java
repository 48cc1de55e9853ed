package dev.tracery.extension;

import dev.tracery.interceptors.JmsConsumerBinding;
import dev.tracery.interceptors.JmsListenerInterceptor;
import dev.tracery.interceptors.JmsTracing;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.AnnotatedField;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.inject.spi.InjectionTarget;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessInjectionTarget;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The part of {@link TraceryExtension} that names Jakarta Messaging types, loaded only once {@link
 * OptionalApis#jms()} has found the API. It binds {@link JmsListenerInterceptor} to the {@code
 * onMessage(Message)} method of every message listener class (message-driven beans), and wraps the
 * injection targets of classes with {@code @Inject}/{@code @Resource} fields of type {@link
 * JMSContext} or {@link ConnectionFactory}: after the container has injected them, their values are
 * replaced by Tracery's tracing wrappers ({@link JmsTracing#wrap}).
 */
final class JmsSupport {

  private static final Logger LOG = Logger.getLogger(JmsSupport.class.getName());

  static final String LISTENER_INTERCEPTOR = "dev.tracery.interceptors.JmsListenerInterceptor";

  private JmsSupport() {}

  static Class<?> listenerInterceptor() {
    return JmsListenerInterceptor.class;
  }

  static Object create(io.opentelemetry.api.OpenTelemetry openTelemetry) {
    return JmsTracing.create(openTelemetry);
  }

  static Class<?> tracingType() {
    return JmsTracing.class;
  }

  /**
   * Binds the consumer interceptor to {@code onMessage(Message)} of a concrete message listener
   * class.
   */
  static void bindListeners(ProcessAnnotatedType<?> event) {
    AnnotatedType<?> type = event.getAnnotatedType();
    Class<?> listener = type.getJavaClass();
    if (!MessageListener.class.isAssignableFrom(listener)
        || listener.isInterface()
        || Modifier.isAbstract(listener.getModifiers())
        || type.isAnnotationPresent(Interceptor.class)
        || isMessageDriven(type)) {
      return;
    }
    event
        .configureAnnotatedType()
        .filterMethods(method -> isOnMessage(method.getJavaMember()))
        .forEach(method -> method.add(JmsConsumerBinding.Literal.INSTANCE));
  }

  /**
   * Message-driven beans are bound through {@code @MessageDriven} itself ({@link
   * MessageDrivenSupport}).
   */
  private static boolean isMessageDriven(AnnotatedType<?> type) {
    for (java.lang.annotation.Annotation annotation : type.getAnnotations()) {
      if (annotation.annotationType().getName().equals(OptionalApis.EJB_PROBE)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isOnMessage(Method method) {
    int modifiers = method.getModifiers();
    return method.getName().equals("onMessage")
        && method.getParameterCount() == 1
        && method.getParameterTypes()[0] == Message.class
        && !Modifier.isStatic(modifiers)
        && !Modifier.isPrivate(modifiers)
        && !Modifier.isFinal(modifiers);
  }

  /** Wraps the injection target of a class with injected JMS fields; leaves all others alone. */
  static <T> void wrapInjectionTarget(ProcessInjectionTarget<T> event, Supplier<Object> tracing) {
    List<Field> fields = new ArrayList<>();
    for (AnnotatedField<? super T> annotated : event.getAnnotatedType().getFields()) {
      Field field = annotated.getJavaMember();
      int modifiers = field.getModifiers();
      if (Modifier.isStatic(modifiers)
          || Modifier.isFinal(modifiers)
          || !isJmsType(field.getType())) {
        continue;
      }
      if (!annotated.isAnnotationPresent(Inject.class)
          && !annotated.isAnnotationPresent(Resource.class)) {
        continue;
      }
      try {
        field.setAccessible(true);
        fields.add(field);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "Tracery: cannot trace messages sent through " + field, e);
      }
    }
    if (!fields.isEmpty()) {
      event.setInjectionTarget(
          new WrappingInjectionTarget<>(event.getInjectionTarget(), fields, tracing));
    }
  }

  private static boolean isJmsType(Class<?> type) {
    return type == JMSContext.class
        || (type.isInterface() && ConnectionFactory.class.isAssignableFrom(type));
  }

  /** Injects as the container does, then puts tracing wrappers in the JMS fields. */
  static final class WrappingInjectionTarget<T> implements InjectionTarget<T> {
    private final InjectionTarget<T> delegate;
    private final Field[] fields;
    private final Supplier<Object> tracing;

    WrappingInjectionTarget(
        InjectionTarget<T> delegate, List<Field> fields, Supplier<Object> tracing) {
      this.delegate = delegate;
      this.fields = fields.toArray(new Field[0]);
      this.tracing = tracing;
    }

    @Override
    public void inject(T instance, CreationalContext<T> context) {
      delegate.inject(instance, context);
      JmsTracing jms = (JmsTracing) tracing.get();
      if (jms == null) {
        return;
      }
      for (Field field : fields) {
        try {
          Object value = field.get(instance);
          Object wrapped = jms.wrap(value);
          if (wrapped != value && field.getType().isInstance(wrapped)) {
            field.set(instance, wrapped);
          }
        } catch (RuntimeException | IllegalAccessException | LinkageError e) {
          if (LOG.isLoggable(Level.FINE)) {
            LOG.log(Level.FINE, "Tracery: messages sent through " + field + " are not traced", e);
          }
        }
      }
    }

    @Override
    public void postConstruct(T instance) {
      delegate.postConstruct(instance);
    }

    @Override
    public void preDestroy(T instance) {
      delegate.preDestroy(instance);
    }

    @Override
    public T produce(CreationalContext<T> context) {
      return delegate.produce(context);
    }

    @Override
    public void dispose(T instance) {
      delegate.dispose(instance);
    }

    @Override
    public Set<InjectionPoint> getInjectionPoints() {
      return delegate.getInjectionPoints();
    }
  }
}
