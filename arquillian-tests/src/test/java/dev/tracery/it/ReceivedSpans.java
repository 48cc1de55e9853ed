package dev.tracery.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Finding spans among those an {@link OtlpReceiver} received, with messages that list them. */
final class ReceivedSpans {

  private ReceivedSpans() {}

  static Predicate<ReceivedSpan> named(String name) {
    return span -> span.name().equals(name);
  }

  /** The first span {@code which} accepts; fails, listing the spans, when there is none. */
  static ReceivedSpan find(
      List<ReceivedSpan> spans, Predicate<ReceivedSpan> which, String description) {
    return spans.stream()
        .filter(which)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + description + " in " + spans));
  }

  /** The one span {@code which} accepts; fails, listing the spans, when there is none or more. */
  static ReceivedSpan one(List<ReceivedSpan> spans, Predicate<ReceivedSpan> which, String what) {
    List<ReceivedSpan> found = spans.stream().filter(which).collect(Collectors.toList());
    assertThat(found).as(what + " in " + names(spans)).hasSize(1);
    return found.get(0);
  }

  /** Kind and name of each span, and the query of a database span. */
  static String names(List<ReceivedSpan> spans) {
    return spans.stream()
        .map(
            s ->
                s.kind()
                    + " "
                    + s.name()
                    + (s.attribute("db.query.text") == null
                        ? ""
                        : " [" + s.attribute("db.query.text") + "]"))
        .collect(Collectors.joining(", "));
  }

  /** Waits (at most {@code wait}) until each of {@code which} accepts at least one span. */
  @SafeVarargs
  static List<ReceivedSpan> awaitAll(
      OtlpReceiver receiver, Duration wait, String description, Predicate<ReceivedSpan>... which) {
    return receiver.await(
        wait,
        spans -> {
          for (Predicate<ReceivedSpan> one : which) {
            if (spans.stream().noneMatch(one)) {
              return false;
            }
          }
          return true;
        },
        description);
  }
}
