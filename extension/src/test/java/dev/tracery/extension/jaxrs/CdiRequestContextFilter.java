package dev.tracery.extension.jaxrs;

import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.weld.context.bound.BoundLiteral;
import org.jboss.weld.context.bound.BoundRequestContext;

/**
 * Weld SE has no HTTP integration: this filter gives each request a CDI request context, as a
 * server would, kept until an asynchronous request completes.
 */
final class CdiRequestContextFilter implements Filter {
  private final BoundRequestContext context;

  CdiRequestContextFilter(BeanManager beanManager) {
    this.context =
        beanManager.createInstance().select(BoundRequestContext.class, BoundLiteral.INSTANCE).get();
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Map<String, Object> store = new ConcurrentHashMap<>();
    context.associate(store);
    context.activate();
    try {
      chain.doFilter(request, response);
    } finally {
      if (request.isAsyncStarted()) {
        context.deactivate();
        context.dissociate(store);
        request
            .getAsyncContext()
            .addListener(
                new AsyncListener() {
                  @Override
                  public void onComplete(AsyncEvent event) {
                    destroy(store);
                  }

                  @Override
                  public void onTimeout(AsyncEvent event) {}

                  @Override
                  public void onError(AsyncEvent event) {}

                  @Override
                  public void onStartAsync(AsyncEvent event) {}
                });
      } else {
        context.invalidate();
        context.deactivate();
        context.dissociate(store);
      }
    }
  }

  private void destroy(Map<String, Object> store) {
    context.associate(store);
    context.activate();
    context.invalidate();
    context.deactivate();
    context.dissociate(store);
  }
}
