package dev.tracery.extension.export;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body without ever holding it: keeps the first {@code keep} bytes (for a log
 * line), counts and discards what follows, and stops reading (cancelling the subscription, which
 * closes the connection) once {@code limit} bytes went by; a collector's answer to an export is a
 * few bytes, so nothing of interest is lost. {@link #cancel()} stops reading from outside, when the
 * attempt's time is up. The body completes with what was kept. One instance per response.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<BoundedBody> {

  /** What a log line may show of a response body. */
  static final int DEFAULT_KEEP = 256;

  /** Beyond this many bytes, Tracery stops reading the body and closes the connection. */
  static final long DEFAULT_LIMIT = 64 * 1024;

  private final byte[] kept;
  private final long limit;
  private final CompletableFuture<BoundedBody> done = new CompletableFuture<>();
  private int keptLength;
  private long read;
  private volatile Flow.Subscription subscription;
  private volatile boolean cut;

  BoundedBody(int keep, long limit) {
    this.kept = new byte[keep];
    this.limit = limit;
  }

  static HttpResponse.BodyHandler<BoundedBody> handler(Holder holder) {
    return info -> {
      BoundedBody body = new BoundedBody(DEFAULT_KEEP, DEFAULT_LIMIT);
      holder.body = body;
      return body;
    };
  }

  /** Where the handler leaves the subscriber it made, so the sender can cancel it on time-out. */
  static final class Holder {
    volatile BoundedBody body;

    void cancel() {
      BoundedBody body = this.body;
      if (body != null) {
        body.cancel();
      }
    }
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (done.isDone()) {
      subscription.cancel();
    } else {
      subscription.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      int remaining = buffer.remaining();
      int room = kept.length - keptLength;
      if (room > 0) {
        int n = Math.min(room, remaining);
        buffer.get(kept, keptLength, n);
        keptLength += n;
      }
      read += remaining;
    }
    if (read > limit) {
      cut = true;
      Flow.Subscription current = subscription;
      if (current != null) {
        current.cancel();
      }
      done.complete(this);
      return;
    }
    Flow.Subscription current = subscription;
    if (current != null && !done.isDone()) {
      current.request(1);
    }
  }

  @Override
  public void onError(Throwable throwable) {
    done.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    done.complete(this);
  }

  @Override
  public CompletionStage<BoundedBody> getBody() {
    return done;
  }

  /** Stops reading: the attempt is over. */
  void cancel() {
    Flow.Subscription current = subscription;
    if (current != null) {
      current.cancel();
    }
    done.completeExceptionally(
        new java.util.concurrent.CancellationException("response body not read in time"));
  }

  /** Bytes of the body that went by (kept or discarded). */
  long bytesRead() {
    return read;
  }

  /** Whether reading stopped at the limit before the body ended. */
  boolean cut() {
    return cut;
  }

  /** The kept prefix as printable text, for a log line. */
  String prefix() {
    StringBuilder text = new StringBuilder();
    String decoded = new String(kept, 0, keptLength, StandardCharsets.UTF_8);
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      text.append(c >= 0x20 && c < 0x7f ? c : '.');
    }
    return text.toString();
  }
}
