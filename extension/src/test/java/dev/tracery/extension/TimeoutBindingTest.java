package dev.tracery.extension;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.interceptors.TimeoutBinding;
import dev.tracery.interceptors.TimeoutInterceptor;
import jakarta.ejb.Schedule;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.InterceptionType;
import jakarta.enterprise.inject.spi.Interceptor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The extension's part of tracing EJB timers: timeout methods get Tracery's {@code @AroundTimeout}
 * interceptor, and timeout methods no CDI interceptor can apply to do not fail the deployment.
 * (That each callback is a root span is for a real EJB container: {@code TimerIT}.)
 */
class TimeoutBindingTest {

  @Dependent
  public static class Reports {
    @Schedule(hour = "2", persistent = false)
    public void nightly() {}

    @Timeout
    private void onTimeout(Timer timer) {}

    @Schedule(hour = "3", persistent = false)
    public final void locked() {}
  }

  private static List<Interceptor<?>> timeoutInterceptors(TestApp app) {
    BeanManager beanManager = app.bean(BeanManager.class);
    return beanManager.resolveInterceptors(
        InterceptionType.AROUND_TIMEOUT, TimeoutBinding.Literal.INSTANCE);
  }

  @Test
  void timeoutMethodsAreBoundToTheTimeoutInterceptorWhileTracingIsOn() {
    try (TestApp app = TestApp.enabled(Reports.class)) {
      assertThat(timeoutInterceptors(app))
          .extracting(Interceptor::getBeanClass)
          .containsExactly(TimeoutInterceptor.class);
      assertThat(app.bean(Reports.class)).isNotNull();
    }
  }

  @Test
  void noTimeoutInterceptorWhileTracingIsOff() {
    try (TestApp app = TestApp.builder().beans(Reports.class).start()) {
      assertThat(timeoutInterceptors(app)).isEmpty();
    }
  }
}
