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
 * threads the part spent under Tracery's and OpenTelemetry's frames. The number of requests is read from wrk's
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
  private static final Pattern TRACERY = Pattern.compile("dev[/.]tracery[/.](?!sample[/.])");

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
    long otelOnRequestThread = 0;
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
      if (kind.equals("request threads (default task)")) {
        if (TRACERY.matcher(stack).find()) {
          traceryOnRequestThread += count;
        } else if (stack.contains("io/opentelemetry/") || stack.contains("io.opentelemetry.")) {
          otelOnRequestThread += count;
        }
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("all threads", total * 1000 / requests);
    samples.forEach((k, v) -> out.put(k, v * 1000 / requests));
    out.put("  of request threads: under a Tracery frame", traceryOnRequestThread * 1000 / requests);
    out.put("  of request threads: under OpenTelemetry only", otelOnRequestThread * 1000 / requests);
    return out;
  }

  private static String kind(String thread) {
    String t = thread.replace("[", "").replace("]", "");
    if (t.startsWith("default task")) return "request threads (default task)";
    if (t.startsWith("default I/O")) return "Undertow I/O threads";
    if (t.startsWith("tracery") || t.contains("BatchSpanProcessor") || t.contains("HttpClient") || t.contains("OkHttp"))
      return "export threads (batch processor, sender)";
    if (t.contains("GC") || t.contains("G1") || t.contains("VM Thread")) return "GC and VM threads";
    if (t.contains("Compiler")) return "JIT compiler threads";
    return "other threads";
  }
}
