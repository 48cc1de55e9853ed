package dev.tracery.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tracery.Traced;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.Dependent;
import org.junit.jupiter.api.Test;

/**
 * @Traced where no interceptor can apply it fails deployment, saying where and why.
 */
class DefinitionErrorTest {

  @Dependent
  public static class PrivateMethod {
    public void run() {
      audit();
    }

    @Traced
    private void audit() {}
  }

  @Dependent
  public static class FinalMethod {
    @Traced
    public final void run() {}
  }

  @Dependent
  public static class StaticMethod {
    @WithSpan
    public static void run() {}
  }

  @Dependent
  @Traced
  public static final class FinalClass {
    public void run() {}
  }

  private static String failureOf(boolean enabled, Class<?> bean) {
    TestApp.Builder builder = TestApp.builder().beans(bean);
    if (enabled) {
      builder.config("tracery.enabled", "true");
    }
    Throwable failure = catchThrowable(() -> builder.start().close());
    assertThat(failure).as("deployment of " + bean.getSimpleName() + " should fail").isNotNull();
    return failure.getMessage();
  }

  @Test
  void tracedOnPrivateMethod() {
    assertThat(failureOf(true, PrivateMethod.class))
        .contains(
            "@Traced on private method "
                + PrivateMethod.class.getName()
                + ".audit() has no effect");
  }

  @Test
  void tracedOnFinalMethod() {
    assertThat(failureOf(true, FinalMethod.class))
        .contains(
            "@Traced on final method " + FinalMethod.class.getName() + ".run() has no effect");
  }

  @Test
  void withSpanOnStaticMethod() {
    assertThat(failureOf(true, StaticMethod.class))
        .contains(
            "@WithSpan on static method " + StaticMethod.class.getName() + ".run() has no effect");
  }

  @Test
  void tracedOnFinalClass() {
    assertThat(failureOf(true, FinalClass.class))
        .contains("@Traced on final class " + FinalClass.class.getName() + " cannot be applied");
  }

  @Test
  void misuseIsReportedWhileTracingIsOffToo() {
    assertThat(failureOf(false, PrivateMethod.class)).contains("@Traced on private method");
  }
}
