import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code PROFILE=cpu scripts/load-test.sh} recorded (async-profiler, collapsed stacks with thread
 * names, one sample per millisecond of CPU) and prints CPU time per request: by thread kind, and on the request
 * threads the part Tracery's filters and interceptors spend themselves (with the OpenTelemetry code they call). The number of requests is read from wrk's
 * output of the same measurement.
 *
 * <pre>
 * java scripts/ProfileBreakdown.java target/load enabled pricing [none]
 * </pre>
 *
 * With a second mode, prints both and their difference per row.
 */
public final class ProfileBreakdown {

  /** Tracery's frames, not the sample's ({@code dev.tracery.sample}). */
  private static final Pattern TRACERY = Pattern.compile("dev/tracery/(?!sample/)");

  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: java ProfileBreakdown.java <dir> <mode> <endpoint> [base mode]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    Map<String, Double> mode = perRequest(dir, args[1], args[2]);
    Map<String, Double> base = args.length > 3 ? perRequest(dir, args[3], args[2]) : Map.of();
    System.out.printf("| µs of CPU per request | %s |%s%n", args[1], base.isEmpty() ? "" : " " + args[3] + " | difference |");
    System.out.println(base.isEmpty() ? "| --- | ---: |" : "| --- | ---: | ---: | ---: |");
    Map<String, Double> rows = new LinkedHashMap<>(mode);
    base.keySet().forEach(k -> rows.putIfAbsent(k, 0.0));
    rows.forEach(
        (row, value) -> {
          if (base.isEmpty()) {
            System.out.printf("| %s | %.1f |%n", row, value);
          } else {
            double b = base.getOrDefault(row, 0.0);
            System.out.printf("| %s | %.1f | %.1f | %+.1f |%n", row, mode.getOrDefault(row, 0.0), b, mode.getOrDefault(row, 0.0) - b);
          }
        });
  }

  static Map<String, Double> perRequest(Path dir, String mode, String endpoint) throws IOException {
    String wrk = Files.readString(dir.resolve("wrk-" + mode + "-" + endpoint + ".txt"));
    Matcher m = REQUESTS.matcher(wrk);
    if (!m.find()) {
      throw new IllegalStateException("no request count in wrk's output for " + mode + " " + endpoint);
    }
    double requests = Long.parseLong(m.group(1));
    List<String> lines = Files.readAllLines(dir.resolve("profile-" + mode + "-" + endpoint + ".collapsed"));
    Map<String, Long> samples = new TreeMap<>();
    long total = 0;
    long traceryOnRequestThread = 0;
    for (String line : lines) {
      int space = line.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      long count = Long.parseLong(line.substring(space + 1));
      String stack = line.substring(0, space);
      String thread = stack.substring(0, stack.indexOf(';') < 0 ? stack.length() : stack.indexOf(';'));
      String kind = kind(thread);
      samples.merge(kind, count, Long::sum);
      total += count;
      if (kind.equals("request threads (default task)") && ownTime(stack)) {
        traceryOnRequestThread += count;
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("all threads", total * 1000 / requests);
    samples.forEach((k, v) -> out.put(k, v * 1000 / requests));
    out.put(
        "  of which Tracery's own, with the OpenTelemetry code it calls",
        traceryOnRequestThread * 1000 / requests);
    return out;
  }

  /**
   * A sample of Tracery's own time: its deepest Tracery or OpenTelemetry frame has not handed the
   * request back to the server or the application (a filter chain, the servlet, an interceptor's
   * proceed, the resource method). Filters and interceptors wrap the whole request; only what they
   * do themselves counts.
   */
  static boolean ownTime(String stack) {
    String[] frames = stack.split(";");
    int last = -1;
    for (int i = 1; i < frames.length; i++) {
      if (TRACERY.matcher(frames[i]).lookingAt() || frames[i].startsWith("io/opentelemetry/")) {
        last = i;
      }
    }
    if (last < 0) {
      return false;
    }
    for (int i = last + 1; i < frames.length; i++) {
      if (HANDED_BACK.matcher(frames[i]).find()) {
        return false;
      }
    }
    return true;
  }

  private static final Pattern HANDED_BACK =
      Pattern.compile(
          "FilterChainImpl\\.doFilter|HttpServlet\\.service|InvocationContext.*\\.proceed"
              + "|MethodInjectorImpl\\.invoke|SimpleInterceptorInvocation|dev/tracery/sample/");

  private static String kind(String thread) {
    String t = thread.replace("[", "").replace("]", "");
    if (t.startsWith("default task")) return "request threads (default task)";
    if (t.startsWith("default I/O")) return "Undertow I/O threads";
    if (t.contains("BatchSpanProcessor")) return "export: the batch span processor (encodes OTLP)";
    if (t.startsWith("tracery") || t.contains("HttpClient") || t.contains("OkHttp"))
      return "export: sending (Tracery's sender, the JDK's HttpClient)";
    if (t.contains("GC") || t.contains("G1") || t.contains("VM Thread")) return "GC and VM threads";
    if (t.contains("Compiler")) return "JIT compiler threads";
    return "other threads";
  }
}
