package dev.tracery.interceptors;

import dev.tracery.Traced;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What Tracery knows about one business method of one bean class: whether it is traced, by which
 * interceptor, under which name and kind, which parameters become attributes, and whether its
 * result is asynchronous. Computed once per {@code (bean class, method)} and then only read, by any
 * thread.
 */
final class TracedMethod {

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
