package dev.tracery.extension.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A response body is read only as far as the bound, and only its first bytes are kept. */
class BoundedBodyTest {

  @Test
  void keepsAShortPrefixAndStopsReadingAHugeBodyAtTheLimit() {
    BoundedBody body = new BoundedBody(16, 64 * 1024);
    AtomicLong requested = new AtomicLong();
    AtomicBoolean cancelled = new AtomicBoolean();
    body.onSubscribe(
        new Flow.Subscription() {
          @Override
          public void request(long n) {
            requested.addAndGet(n);
          }

          @Override
          public void cancel() {
            cancelled.set(true);
          }
        });
    byte[] block = new byte[8 * 1024];
    java.util.Arrays.fill(block, (byte) 'x');
    block[0] = 'H';
    // A peer offering 512 MiB: the subscriber asks for more only until the limit, then cancels.
    long offered = 0;
    while (!cancelled.get() && offered < 512L * 1024 * 1024) {
      body.onNext(List.of(ByteBuffer.wrap(block)));
      offered += block.length;
    }

    assertThat(cancelled).isTrue();
    assertThat(offered).isLessThanOrEqualTo(64 * 1024 + block.length);
    assertThat(body.getBody().toCompletableFuture()).isCompletedWithValue(body);
    assertThat(body.cut()).isTrue();
    assertThat(body.prefix()).hasSize(16).startsWith("Hxxx");
  }

  @Test
  void cancellingFromOutsideEndsTheBody() {
    BoundedBody body = new BoundedBody(16, 64 * 1024);
    AtomicBoolean cancelled = new AtomicBoolean();
    body.onSubscribe(
        new Flow.Subscription() {
          @Override
          public void request(long n) {}

          @Override
          public void cancel() {
            cancelled.set(true);
          }
        });
    body.cancel();
    assertThat(cancelled).isTrue();
    assertThat(body.getBody().toCompletableFuture()).isCompletedExceptionally();
  }
}
