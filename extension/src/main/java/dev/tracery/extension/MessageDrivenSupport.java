package dev.tracery.extension;

import dev.tracery.interceptors.JmsConsumerBinding;
import dev.tracery.interceptors.JmsListenerInterceptor;
import jakarta.ejb.MessageDriven;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.util.Nonbinding;

/**
 * Binds {@link JmsListenerInterceptor} to every message-driven bean through the
 * {@code @MessageDriven} annotation the bean already carries. A message-driven bean is an EJB, not
 * a CDI bean: in a bean archive with {@code bean-discovery-mode="annotated"} the container fires no
 * {@code ProcessAnnotatedType} for it, so Tracery cannot add a binding to its {@code onMessage}
 * there. Instead {@code @MessageDriven} becomes an interceptor binding (all members non-binding)
 * that inherits {@link JmsConsumerBinding}, the binding of the interceptor. Names Jakarta
 * Enterprise Beans types: loaded only once {@link OptionalApis#ejb()} has found the API.
 */
final class MessageDrivenSupport {

  private MessageDrivenSupport() {}

  static void register(BeforeBeanDiscovery event) {
    var binding = event.configureInterceptorBinding(MessageDriven.class);
    binding.methods().forEach(member -> member.add(Nonbinding.Literal.INSTANCE));
    binding.add(JmsConsumerBinding.Literal.INSTANCE);
  }
}
