package dev.tracery.interceptors;

import dev.tracery.Traced;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.interceptor.Interceptor;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What Tracery knows about one business method of one bean class: whether it is traced, by which
 * interceptor, under which name and kind, which parameters become attributes, and whether its
 * result is asynchronous. Computed once per {@code (bean class, method)} and then only read, by any
 * thread. At deployment, {@link #checkDefinitions} reports the uses of {@code @Traced} and
 * {@code @WithSpan} no interceptor can apply, as the extension's definition errors.
 *
 * <p>Public for Tracery's extension only; not for public use.
 */
public final class TracedMethod {

  /** Which interceptor binding owns the method; the other one lets the call through untouched. */
  enum Binding {
    TRACED,
    WITH_SPAN,
    /** An EJB timer callback ({@link TimeoutInterceptor}). */
    TIMEOUT
  }

  final Binding binding;
  final boolean traced;
  final String spanName;
  final SpanKind kind;
  final boolean newTrace;
  final boolean async;
  final String codeFunctionName;

  /** Attribute bindings by parameter position, or {@code null} when no parameter is bound. */
  private final ParameterAttribute[] parameters;

  private TracedMethod(
      Binding binding,
      boolean traced,
      String spanName,
      SpanKind kind,
      boolean newTrace,
      boolean async,
      String codeFunctionName,
      ParameterAttribute[] parameters) {
    this.binding = binding;
    this.traced = traced;
    this.spanName = spanName;
    this.kind = kind;
    this.newTrace = newTrace;
    this.async = async;
    this.codeFunctionName = codeFunctionName;
    this.parameters = parameters;
  }

  /**
   * Resolves the method's tracing from its annotations. A method-level {@code @Traced} or
   * {@code @WithSpan} wins over a class-level {@code @Traced}; {@code invokedBy} decides only when
   * neither is present directly (a binding inherited through a stereotype).
   */
  static TracedMethod of(Class<?> beanClass, Method method, Binding invokedBy) {
    String defaultName = beanClass.getSimpleName() + "." + method.getName();
    String codeFunctionName = beanClass.getName() + "." + method.getName();
    boolean async = CompletionStage.class.isAssignableFrom(method.getReturnType());
    ParameterAttribute[] parameters = ParameterAttribute.of(method);

    Traced onMethod = method.getAnnotation(Traced.class);
    if (onMethod != null) {
      return new TracedMethod(
          Binding.TRACED,
          onMethod.value(),
          nameOr(onMethod.operationName(), defaultName),
          onMethod.kind(),
          false,
          async,
          codeFunctionName,
          parameters);
    }
    WithSpan withSpan = method.getAnnotation(WithSpan.class);
    if (withSpan != null) {
      return new TracedMethod(
          Binding.WITH_SPAN,
          true,
          nameOr(withSpan.value(), defaultName),
          withSpan.kind(),
          !withSpan.inheritContext(),
          async,
          codeFunctionName,
          parameters);
    }
    Traced onClass = beanClass.getAnnotation(Traced.class);
    if (onClass != null) {
      return new TracedMethod(
          Binding.TRACED,
          onClass.value(),
          nameOr(onClass.operationName(), defaultName),
          onClass.kind(),
          false,
          async,
          codeFunctionName,
          parameters);
    }
    return new TracedMethod(
        invokedBy,
        true,
        defaultName,
        SpanKind.INTERNAL,
        false,
        async,
        codeFunctionName,
        parameters);
  }

  /**
   * Checks the {@code @Traced} and {@code @WithSpan} annotations of one bean type at deployment:
   * adds a definition error for each one no CDI interceptor can ever apply (a final class, a
   * private, static or final method), and a warning for each {@code @SpanAttribute} parameter that
   * would not be recorded because it has no name ({@link ParameterAttribute#attributeName}, the
   * same rule the interceptor uses).
   */
  public static void checkDefinitions(
      AnnotatedType<?> type, List<String> definitionErrors, List<String> warnings) {
    Class<?> beanClass = type.getJavaClass();
    if (type.isAnnotationPresent(Interceptor.class)) {
      return;
    }
    if (type.isAnnotationPresent(Traced.class) && Modifier.isFinal(beanClass.getModifiers())) {
      definitionErrors.add(
          "@Traced on final class "
              + beanClass.getName()
              + " cannot be applied: CDI intercepts a bean through a subclass. Make the class"
              + " non-final, or remove @Traced.");
    }
    for (AnnotatedMethod<?> annotated : type.getMethods()) {
      String annotation =
          annotated.isAnnotationPresent(Traced.class)
              ? "@Traced"
              : annotated.isAnnotationPresent(WithSpan.class) ? "@WithSpan" : null;
      if (annotation == null) {
        continue;
      }
      Method method = annotated.getJavaMember();
      int modifiers = method.getModifiers();
      String kind =
          Modifier.isPrivate(modifiers)
              ? "private"
              : Modifier.isStatic(modifiers)
                  ? "static"
                  : Modifier.isFinal(modifiers) ? "final" : null;
      if (kind != null) {
        definitionErrors.add(
            annotation
                + " on "
                + kind
                + " method "
                + describe(method)
                + " has no effect: CDI interceptors apply only to non-private, non-static,"
                + " non-final business methods. Change the method, or remove "
                + annotation
                + ".");
      }
      for (Parameter parameter : method.getParameters()) {
        if (parameter.isAnnotationPresent(SpanAttribute.class)
            && ParameterAttribute.attributeName(parameter) == null) {
          warnings.add(
              "Tracery: @SpanAttribute on a parameter of "
                  + describe(method)
                  + " has no name, and the class was compiled without -parameters, so the"
                  + " attribute is not recorded. Give it a name, as in"
                  + " @SpanAttribute(\"order.id\"), or compile with -parameters.");
        }
      }
    }
  }

  private static String describe(Method method) {
    StringBuilder text =
        new StringBuilder(method.getDeclaringClass().getName())
            .append('.')
            .append(method.getName())
            .append('(');
    Class<?>[] types = method.getParameterTypes();
    for (int i = 0; i < types.length; i++) {
      text.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
    }
    return text.append(')').toString();
  }

  private static String nameOr(String name, String defaultName) {
    return name.isEmpty() ? defaultName : name;
  }

  boolean hasParameterAttributes() {
    return parameters != null;
  }

  /** Sets the bound parameters' values on a recording span. */
  void setParameterAttributes(Span span, Object[] arguments) {
    ParameterAttribute[] bound = parameters;
    for (int i = 0; i < bound.length && i < arguments.length; i++) {
      ParameterAttribute attribute = bound[i];
      Object value = arguments[i];
      if (attribute != null && value != null) {
        attribute.set(span, value);
      }
    }
  }

  /** How one {@code @SpanAttribute} parameter becomes a typed span attribute. */
  static final class ParameterAttribute {
    private enum Conversion {
      AS_IS,
      TO_LONG,
      TO_DOUBLE,
      TO_STRING,
      TO_STRING_LIST
    }

    private final AttributeKey<Object> key;
    private final Conversion conversion;

    @SuppressWarnings("unchecked")
    private ParameterAttribute(AttributeKey<?> key, Conversion conversion) {
      this.key = (AttributeKey<Object>) key;
      this.conversion = conversion;
    }

    void set(Span span, Object value) {
      span.setAttribute(key, convert(value));
    }

    private Object convert(Object value) {
      switch (conversion) {
        case TO_LONG:
          return ((Number) value).longValue();
        case TO_DOUBLE:
          return ((Number) value).doubleValue();
        case TO_STRING:
          return String.valueOf(value);
        case TO_STRING_LIST:
          return toStringList(value);
        default:
          return value;
      }
    }

    private static List<String> toStringList(Object value) {
      List<String> strings = new ArrayList<>();
      if (value instanceof Collection) {
        for (Object element : (Collection<?>) value) {
          strings.add(String.valueOf(element));
        }
      } else {
        for (int i = 0, n = Array.getLength(value); i < n; i++) {
          strings.add(String.valueOf(Array.get(value, i)));
        }
      }
      return strings;
    }

    /**
     * The attribute name a {@code @SpanAttribute} parameter gets, or {@code null} if it has none.
     */
    static String attributeName(Parameter parameter) {
      SpanAttribute annotation = parameter.getAnnotation(SpanAttribute.class);
      if (annotation == null) {
        return null;
      }
      if (!annotation.value().isEmpty()) {
        return annotation.value();
      }
      return parameter.isNamePresent() ? parameter.getName() : null;
    }

    static ParameterAttribute[] of(Method method) {
      Parameter[] declared = method.getParameters();
      ParameterAttribute[] bound = null;
      for (int i = 0; i < declared.length; i++) {
        String name = attributeName(declared[i]);
        if (name == null) {
          continue;
        }
        if (bound == null) {
          bound = new ParameterAttribute[declared.length];
        }
        bound[i] = forType(name, declared[i].getType());
      }
      return bound;
    }

    private static ParameterAttribute forType(String name, Class<?> type) {
      if (type == String.class) {
        return new ParameterAttribute(AttributeKey.stringKey(name), Conversion.AS_IS);
      }
      if (type == long.class || type == Long.class) {
        return new ParameterAttribute(AttributeKey.longKey(name), Conversion.AS_IS);
      }
      if (type == int.class
          || type == Integer.class
          || type == short.class
          || type == Short.class
          || type == byte.class
          || type == Byte.class) {
        return new ParameterAttribute(AttributeKey.longKey(name), Conversion.TO_LONG);
      }
      if (type == double.class || type == Double.class) {
        return new ParameterAttribute(AttributeKey.doubleKey(name), Conversion.AS_IS);
      }
      if (type == float.class || type == Float.class) {
        return new ParameterAttribute(AttributeKey.doubleKey(name), Conversion.TO_DOUBLE);
      }
      if (type == boolean.class || type == Boolean.class) {
        return new ParameterAttribute(AttributeKey.booleanKey(name), Conversion.AS_IS);
      }
      if (type.isArray() || Collection.class.isAssignableFrom(type)) {
        return new ParameterAttribute(AttributeKey.stringArrayKey(name), Conversion.TO_STRING_LIST);
      }
      // Anything else (enums, ids, value objects) is recorded as its string form.
      return new ParameterAttribute(AttributeKey.stringKey(name), Conversion.TO_STRING);
    }
  }
}
