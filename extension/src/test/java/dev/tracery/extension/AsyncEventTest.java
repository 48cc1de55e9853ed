package dev.tracery.extension;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.Traced;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous CDI events: the observers run on other threads, in the trace of the code that fired.
 */
class AsyncEventTest {

  public record Parcel(String id) {}

  @ApplicationScoped
  public static class Dispatcher {
    @Inject Event<Parcel> parcels;

    @Traced
    public void dispatch(Parcel parcel) throws Exception {
      parcels.fireAsync(parcel).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Traced
    public void dispatchOn(Parcel parcel, ExecutorService executor) throws Exception {
      parcels
          .fireAsync(parcel, NotificationOptions.ofExecutor(executor))
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    }

    @Traced
    public void dispatchSelected(Parcel parcel) throws Exception {
      parcels
          .select(Default.Literal.INSTANCE)
          .fireAsync(parcel)
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    }

    public void dispatchUntraced(Parcel parcel) throws Exception {
      parcels.fireAsync(parcel).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @ApplicationScoped
  public static class Courier {
    volatile String thread;

    void deliver(@ObservesAsync Parcel parcel, Recipient recipient) {
      thread = Thread.currentThread().getName();
      recipient.receive();
    }
  }

  @ApplicationScoped
  public static class Recipient {
    @Traced
    public void receive() {}
  }

  /** A container with Tracery and the three beans, tracing on. */
  private static TestApp app() {
    return TestApp.enabled(Dispatcher.class, Courier.class, Recipient.class);
  }

  private static SpanData span(TestApp app, String name) {
    return app.spans().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + app.spans()));
  }

  @Test
  void asyncObserverContinuesTheTraceOfTheCodeThatFiredTheEvent() throws Exception {
    try (TestApp app = app()) {
      app.bean(Dispatcher.class).dispatch(new Parcel("p-1"));

      SpanData dispatch = span(app, "Dispatcher.dispatch");
      SpanData receive = span(app, "Recipient.receive");
      assertThat(app.bean(Courier.class).thread).isNotEqualTo(Thread.currentThread().getName());
      assertThat(receive.getTraceId()).isEqualTo(dispatch.getTraceId());
      assertThat(receive.getParentSpanId()).isEqualTo(dispatch.getSpanId());
      assertThat(app.bean(AsyncEvents.class).pending()).as("nothing kept once notified").isZero();
    }
  }

  @Test
  void asyncObserverOnTheCallersExecutorContinuesTheTrace() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (TestApp app = app()) {
      app.bean(Dispatcher.class).dispatchOn(new Parcel("p-2"), executor);

      SpanData dispatch = span(app, "Dispatcher.dispatchOn");
      SpanData receive = span(app, "Recipient.receive");
      assertThat(receive.getParentSpanId()).isEqualTo(dispatch.getSpanId());
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void asyncObserverOfAnEventFiredThroughSelectContinuesTheTrace() throws Exception {
    try (TestApp app = app()) {
      app.bean(Dispatcher.class).dispatchSelected(new Parcel("p-4"));

      SpanData dispatch = span(app, "Dispatcher.dispatchSelected");
      SpanData receive = span(app, "Recipient.receive");
      assertThat(receive.getParentSpanId()).isEqualTo(dispatch.getSpanId());
    }
  }

  @Test
  void eventFiredOutsideATraceLeavesTheObserverWithoutOne() throws Exception {
    try (TestApp app = app()) {
      app.bean(Dispatcher.class).dispatchUntraced(new Parcel("p-3"));

      SpanData receive = span(app, "Recipient.receive");
      assertThat(receive.getParentSpanContext().isValid()).isFalse();
      assertThat(Span.current().getSpanContext().isValid()).isFalse();
    }
  }
}
