package dev.tracery.jaxrs.resteasy;

import jakarta.enterprise.inject.spi.CDI;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Type;
import org.jboss.resteasy.cdi.CdiInjectorFactory;
import org.jboss.resteasy.spi.ConstructorInjector;
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
 * {@link ResteasyMappedExceptions}' wrapper where the application's injector factory is RESTEasy's
 * {@link CdiInjectorFactory} (WildFly with CDI on, the usual case). It must stay one: RESTEasy's
 * bean validation leaves a CDI resource to CDI's validation interceptor only when the injector
 * factory is a {@code CdiInjectorFactory}; behind a plain wrapper RESTEasy validated every CDI
 * resource itself on every request as well (found by profiling the load test, issue 14). Everything
 * is delegated to the application's own factory; the state this subclass inherits (built from the
 * deployment's bean manager) is never used.
 */
final class RecordingCdiInjectorFactory extends CdiInjectorFactory
    implements ResteasyMappedExceptions.Recording {

  private final InjectorFactory recording;

  private RecordingCdiInjectorFactory(InjectorFactory original) {
    super(CDI.current().getBeanManager());
    this.recording = new ResteasyMappedExceptions.RecordingInjectorFactory(original);
  }

  static InjectorFactory wrap(InjectorFactory original) {
    return new RecordingCdiInjectorFactory(original);
  }

  @Override
  public MethodInjector createMethodInjector(
      ResourceLocator method, ResteasyProviderFactory factory) {
    return recording.createMethodInjector(method, factory);
  }

  @Override
  public ConstructorInjector createConstructor(
      Constructor constructor, ResteasyProviderFactory factory) {
    return recording.createConstructor(constructor, factory);
  }

  @Override
  public ConstructorInjector createConstructor(
      ResourceConstructor constructor, ResteasyProviderFactory factory) {
    return recording.createConstructor(constructor, factory);
  }

  @Override
  public PropertyInjector createPropertyInjector(
      Class resourceClass, ResteasyProviderFactory factory) {
    return recording.createPropertyInjector(resourceClass, factory);
  }

  @Override
  public PropertyInjector createPropertyInjector(
      ResourceClass resourceClass, ResteasyProviderFactory factory) {
    return recording.createPropertyInjector(resourceClass, factory);
  }

  @Override
  public ValueInjector createParameterExtractor(
      Parameter parameter, ResteasyProviderFactory factory) {
    return recording.createParameterExtractor(parameter, factory);
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
    return recording.createParameterExtractor(
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
    return recording.createParameterExtractor(
        injectTargetClass,
        injectTarget,
        defaultName,
        type,
        genericType,
        annotations,
        useDefault,
        factory);
  }
}
