package dev.tracery.extension.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.tracery.extension.config.ConfigKey.ReadBy;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/configuration.md and the code in step with {@link ConfigKeys}, the one table of keys:
 * the reference table in the document is generated from it, every key the document names is in it,
 * every key the code names is in it, and every key Tracery reads is read somewhere.
 */
class ConfigurationReferenceTest {

  static final String BEGIN =
      "<!-- generated from ConfigKeys by ConfigurationReferenceTest: change ConfigKeys, not this"
          + " table -->";
  static final String END = "<!-- end of the generated table -->";

  /** Whole string literals in the code that look like keys but are not configuration keys. */
  private static final Set<String> NOT_KEYS =
      Set.of(
          // MdcTargets: a name written into and removed from an MDC
          "tracery.probe",
          // Spans: span attribute names of programmatic retries
          "tracery.retry.attempt",
          "tracery.retry.outcome",
          "tracery.retry.delay_ms",
          "tracery.retry.attempts",
          // BatchTracing: span attribute names of Jakarta Batch jobs and steps
          "tracery.batch.job.name",
          "tracery.batch.job.instance.id",
          "tracery.batch.job.execution.id",
          "tracery.batch.step.name",
          "tracery.batch.step.execution.id",
          "tracery.batch.status",
          "tracery.batch.exit_status");

  private static final String REGENERATE =
      "mvn -B -ntp -o -Djdk25.skip=true -pl extension -am verify -Dtest=ConfigurationReferenceTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dtracery.docs.update=true";

  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path DOC = MODULE.resolve("../docs/configuration.md").normalize();

  @Test
  void referenceTableInTheDocsIsGeneratedFromConfigKeys() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int begin = doc.indexOf(BEGIN);
    int end = doc.indexOf(END);
    assertThat(begin)
        .as("docs/configuration.md has the markers of the generated table")
        .isNotNegative();
    assertThat(end).isGreaterThan(begin);
    String expected =
        doc.substring(0, begin) + BEGIN + "\n" + render(ConfigKeys.ALL) + doc.substring(end);
    if (!expected.equals(doc)) {
      Path generated = MODULE.resolve("target/configuration.md");
      Files.createDirectories(generated.getParent());
      Files.writeString(generated, expected, StandardCharsets.UTF_8);
      if (Boolean.getBoolean("tracery.docs.update")) {
        Files.writeString(DOC, expected, StandardCharsets.UTF_8);
      }
      fail(
          "docs/configuration.md's table of keys is not what ConfigKeys says (a key added, changed"
              + " or removed in ConfigKeys?). Regenerate it with\n  "
              + REGENERATE
              + "\nor copy "
              + generated
              + " over it, and describe a new key in the prose section it belongs to.");
    }
  }

  @Test
  void everyKeyTheDocsNameIsInConfigKeys() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    Set<String> known = names();
    Set<String> unknown = new TreeSet<>();
    Matcher matcher =
        Pattern.compile("`((?:tracery|otel)\\.[a-z0-9][a-z0-9.-]*[a-z0-9])`").matcher(doc);
    while (matcher.find()) {
      if (!known.contains(matcher.group(1))) {
        unknown.add(matcher.group(1));
      }
    }
    assertThat(unknown)
        .as(
            "keys docs/configuration.md names but ConfigKeys does not have: remove them from the"
                + " docs if nothing reads them, or add a row to ConfigKeys (ReadBy.OPENTELEMETRY for a"
                + " key OpenTelemetry reads, ReadBy.NOBODY for one documented as not read)")
        .isEmpty();
  }

  @Test
  void everyKeyTheCodeNamesIsInConfigKeys() throws IOException {
    Set<String> known = names();
    Map<String, String> unknown = new LinkedHashMap<>();
    Pattern literal = Pattern.compile("\"((?:tracery|otel)\\.[a-z0-9][a-z0-9.-]*[a-z0-9])\"");
    for (Path file : mainSources()) {
      if (file.endsWith("ConfigKeys.java")) {
        continue;
      }
      Matcher matcher = literal.matcher(Files.readString(file, StandardCharsets.UTF_8));
      while (matcher.find()) {
        String key = matcher.group(1);
        if (!known.contains(key) && !NOT_KEYS.contains(key)) {
          unknown.put(key, MODULE.getParent().relativize(file).toString());
        }
      }
    }
    assertThat(unknown)
        .as(
            "keys the code names that ConfigKeys does not have: add a row to ConfigKeys (name,"
                + " default, allowed values, one line of documentation, parser), read it through"
                + " that row, then regenerate docs/configuration.md ("
                + REGENERATE
                + "); if the literal is not a configuration key, add it to NOT_KEYS here")
        .isEmpty();
  }

  @Test
  void everyKeyTraceryReadsIsReadSomewhere() throws Exception {
    StringBuilder code = new StringBuilder();
    for (Path file : mainSources()) {
      if (!file.endsWith("ConfigKeys.java")) {
        code.append(Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    List<String> unread = new ArrayList<>();
    for (Field field : ConfigKeys.class.getDeclaredFields()) {
      if (field.getType() != ConfigKey.class || !Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      ConfigKey<?> key = (ConfigKey<?>) field.get(null);
      boolean readByTracery =
          key.readBy() == ReadBy.TRACERY || key.readBy() == ReadBy.TRACERY_AND_AUTOCONFIGURE;
      if (readByTracery && !code.toString().contains("ConfigKeys." + field.getName())) {
        unread.add(key.name() + " (ConfigKeys." + field.getName() + ")");
      }
    }
    assertThat(unread)
        .as(
            "keys ConfigKeys says Tracery reads, but no code reads them: read them, or remove the"
                + " row (and its documentation)")
        .isEmpty();
  }

  @Test
  void environmentVariablesFollowMicroProfileConfigsMapping() {
    assertThat(ConfigKeys.EXCLUDED_PATHS.environmentVariable())
        .isEqualTo("TRACERY_HTTP_SERVER_EXCLUDED_PATHS");
    assertThat(ConfigKeys.BSP_EXPORT_TIMEOUT.environmentVariable())
        .isEqualTo("OTEL_BSP_EXPORT_TIMEOUT");
    assertThat(ConfigKeys.SEMCONV_STABILITY_OPT_IN.environmentVariable())
        .isEqualTo("OTEL_SEMCONV_STABILITY_OPT_IN");
  }

  @Test
  void everyKeyIsInTheTableOnce() {
    assertThat(ConfigKeys.ALL.stream().map(ConfigKey::name)).doesNotHaveDuplicates();
  }

  /** The generated part of docs/configuration.md: one table per section, in the table's order. */
  static String render(List<ConfigKey<?>> keys) {
    Map<String, List<ConfigKey<?>>> sections = new LinkedHashMap<>();
    for (ConfigKey<?> key : keys) {
      sections.computeIfAbsent(key.section(), section -> new ArrayList<>()).add(key);
    }
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, List<ConfigKey<?>>> section : sections.entrySet()) {
      text.append("\n### ").append(section.getKey()).append("\n\n");
      text.append("| key | environment variable | default | allowed | read by | meaning |\n");
      text.append("| --- | --- | --- | --- | --- | --- |\n");
      for (ConfigKey<?> key : section.getValue()) {
        text.append("| `")
            .append(key.name())
            .append("` | `")
            .append(key.environmentVariable())
            .append("` | ")
            .append(cell(key.defaultValue()))
            .append(" | ")
            .append(cell(key.allowed()))
            .append(" | ")
            .append(readBy(key.readBy()))
            .append(" | ")
            .append(cell(key.doc()))
            .append(" |\n");
      }
    }
    return text.append('\n').toString();
  }

  private static String readBy(ReadBy readBy) {
    switch (readBy) {
      case TRACERY:
        return "Tracery";
      case TRACERY_AND_AUTOCONFIGURE:
        return "autoconfigure, checked by Tracery";
      case OPENTELEMETRY:
        return "OpenTelemetry";
      default:
        return "nobody";
    }
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  private static Set<String> names() {
    return ConfigKeys.ALL.stream().map(ConfigKey::name).collect(Collectors.toSet());
  }

  /** The main sources of the modules that read configuration. */
  private static List<Path> mainSources() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String module : List.of("extension", "jaxrs-filters", "interceptors", "jdbc")) {
      Path root = MODULE.resolve("../" + module + "/src/main/java").normalize();
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> paths = Files.walk(root)) {
        paths.filter(path -> path.toString().endsWith(".java")).forEach(files::add);
      }
    }
    return files;
  }
}
