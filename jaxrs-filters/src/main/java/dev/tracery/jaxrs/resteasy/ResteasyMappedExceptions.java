package dev.tracery.jaxrs.resteasy;

import dev.tracery.jaxrs.internal.ServerCall;
import jakarta.ws.rs.core.Configuration;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.resteasy.core.CompletionStageHolder;
import org.jboss.resteasy.spi.ApplicationException;
import org.jboss.resteasy.spi.ConstructorInjector;
import org.jboss.resteasy.spi.Failure;
import org.jboss.resteasy.spi.HttpRequest;
import org.jboss.resteasy.spi.HttpResponse;
import org.jboss.resteasy.spi.InjectorFactory;
import org.jboss.resteasy.spi.MethodInjector;
import org.jboss.resteasy.spi.PropertyInjector;
import org.jboss.resteasy.spi.ResteasyProviderFactory;
import org.jboss.resteasy.spi.ValueInjector;
import org.jboss.resteasy.spi.metadata.Parameter;
import org.jboss.resteasy.spi.metadata.ResourceClass;
import org.jboss.resteasy.spi.metadata.ResourceConstructor;
import org.jboss.resteasy.spi.metadata.ResourceLocator;

/**
 * RESTEasy (WildFly) only: records what a resource method throws, or the exception its {@code
 * CompletionStage} completes with, on the request's server span before an exception mapper turns it
 * into a response, without a CDI interceptor on the resource (issue 14: Weld intercepting every
 * request-scoped resource cost about 5 µs a request). It wraps the {@link InjectorFactory} of the
 * application being deployed, so that each resource method's {@link MethodInjector}, the object
 * RESTEasy invokes the method through, is wrapped once at deployment; a request pays one extra
 * call. Installed by {@link TracingServerFeature} before RESTEasy registers the resources.
 */
final class ResteasyMappedExceptions {

  private ResteasyMappedExceptions() {}

  /**
   * Wraps the injector factory of {@code configuration} when it is RESTEasy's; false when it is
   * not, or not a RESTEasy this was compiled against.
   */
  static boolean install(Configuration configuration) {
    try {
      if (!(configuration instanceof ResteasyProviderFactory)) {
        return false;
      }
      ResteasyProviderFactory factory = (ResteasyProviderFactory) configuration;
      InjectorFactory injectors = factory.getInjectorFactory();
      if (injectors == null) {
        return false;
      }
      if (!(injectors instanceof Recording)) {
        factory.setInjectorFactory(
            isCdiInjectorFactory(injectors)
                ? RecordingCdiInjectorFactory.wrap(injectors)
                : new RecordingInjectorFactory(injectors));
      }
      return true;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  static boolean installed(Configuration configuration) {
    try {
      return configuration instanceof ResteasyProviderFactory
          && ((ResteasyProviderFactory) configuration).getInjectorFactory() instanceof Recording;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static final String CDI_INJECTOR_FACTORY = "org.jboss.resteasy.cdi.CdiInjectorFactory";

  /**
   * True for RESTEasy's CDI injector factory or a subclass, without loading it where it is absent.
   */
  private static boolean isCdiInjectorFactory(InjectorFactory injectors) {
    for (Class<?> c = injectors.getClass(); c != null; c = c.getSuperclass()) {
      if (c.getName().equals(CDI_INJECTOR_FACTORY)) {
        return true;
      }
    }
    return false;
  }

  /** What {@link #install} puts in place. */
  interface Recording {}

  /** Delegates everything; wraps the method injectors. */
  static final class RecordingInjectorFactory implements InjectorFactory, Recording {
    private final InjectorFactory delegate;

    RecordingInjectorFactory(InjectorFactory delegate) {
      this.delegate = delegate;
    }

    @Override
    public MethodInjector createMethodInjector(
        ResourceLocator method, ResteasyProviderFactory factory) {
      MethodInjector injector = delegate.createMethodInjector(method, factory);
      return injector == null
          ? null
          : new RecordingMethodInjector(injector, method.getMethod().getReturnType());
    }

    @Override
    public ConstructorInjector createConstructor(
        Constructor constructor, ResteasyProviderFactory factory) {
      return delegate.createConstructor(constructor, factory);
    }

    @Override
    public PropertyInjector createPropertyInjector(
        Class resourceClass, ResteasyProviderFactory factory) {
      return delegate.createPropertyInjector(resourceClass, factory);
    }

    @Override
    public ValueInjector createParameterExtractor(
        Class injectTargetClass,
        AccessibleObject injectTarget,
        String defaultName,
        Class type,
        Type genericType,
        java.lang.annotation.Annotation[] annotations,
        ResteasyProviderFactory factory) {
      return delegate.createParameterExtractor(
          injectTargetClass, injectTarget, defaultName, type, genericType, annotations, factory);
    }

    @Override
    public ValueInjector createParameterExtractor(
        Class injectTargetClass,
        AccessibleObject injectTarget,
        String defaultName,
        Class type,
        Type genericType,
        java.lang.annotation.Annotation[] annotations,
        boolean useDefault,
        ResteasyProviderFactory factory) {
      return delegate.createParameterExtractor(
          injectTargetClass,
          injectTarget,
          defaultName,
          type,
          genericType,
          annotations,
          useDefault,
          factory);
    }

    @Override
    public ValueInjector createParameterExtractor(
        Parameter parameter, ResteasyProviderFactory factory) {
      return delegate.createParameterExtractor(parameter, factory);
    }

    @Override
    public PropertyInjector createPropertyInjector(
        ResourceClass resourceClass, ResteasyProviderFactory factory) {
      return delegate.createPropertyInjector(resourceClass, factory);
    }

    @Override
    public ConstructorInjector createConstructor(
        ResourceConstructor constructor, ResteasyProviderFactory factory) {
      return delegate.createConstructor(constructor, factory);
    }
  }

  /** Records the failure of the invocation on the request's {@link ServerCall}, if it has one. */
  static final class RecordingMethodInjector implements MethodInjector {
    private final MethodInjector delegate;
    private final boolean returnsOwnStage;

    RecordingMethodInjector(MethodInjector delegate, Class<?> returnType) {
      this.delegate = delegate;
      this.returnsOwnStage =
          returnType == CompletionStage.class || returnType == CompletableFuture.class;
    }

    @Override
    public Object invoke(HttpRequest request, HttpResponse response, Object target)
        throws Failure, ApplicationException {
      Object result;
      try {
        result = delegate.invoke(request, response, target);
      } catch (ApplicationException e) {
        // What the resource method threw (RESTEasy wraps exactly that, nothing of its own).
        failed(request, e.getCause() != null ? e.getCause() : e);
        throw e;
      }
      // RESTEasy hands a resource method's stage on in a holder of its own.
      boolean held = result instanceof CompletionStageHolder;
      CompletionStage<?> stage =
          held
              ? ((CompletionStageHolder) result).getStage()
              : result instanceof CompletionStage ? (CompletionStage<?>) result : null;
      if (stage != null) {
        Object property = request.getAttribute(ServerCall.PROPERTY);
        if (property instanceof ServerCall) {
          CompletionStage<Object> recorded =
              ((ServerCall) property).recordFailureOf(stage, returnsOwnStage);
          if (returnsOwnStage) {
            return held ? new CompletionStageHolder(recorded) : recorded;
          }
        }
      }
      return result;
    }

    private static void failed(HttpRequest request, Throwable failure) {
      Object property = request.getAttribute(ServerCall.PROPERTY);
      if (property instanceof ServerCall) {
        ((ServerCall) property).failed(failure);
      }
    }

    @Override
    public Object injectArguments(HttpRequest request, HttpResponse response) throws Failure {
      return delegate.injectArguments(request, response);
    }

    @Override
    public ValueInjector[] getParams() {
      return delegate.getParams();
    }

    @Override
    public boolean expectsBody() {
      return delegate.expectsBody();
    }
  }
}
