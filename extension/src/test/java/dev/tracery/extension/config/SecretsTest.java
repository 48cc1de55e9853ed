package dev.tracery.extension.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What of a configuration may be shown: URLs without credentials, messages without header values.
 */
class SecretsTest {

  @Test
  void urlsAreShownAsSchemeHostPortAndPath() {
    assertThat(Secrets.safeUrl("http://user:pw@collector:4318/v1/traces?token=abc#frag"))
        .isEqualTo("http://collector:4318/v1/traces");
    assertThat(Secrets.safeUrl("https://collector.example")).isEqualTo("https://collector.example");
    assertThat(Secrets.safeUrl("user:pw@collector:4318/x?y=z")).isEqualTo("collector:4318/x");
    assertThat(Secrets.safeUrl("http://a@b@host/?q")).isEqualTo("http://host/");
    assertThat(Secrets.safeUrl("http://ho st:1/p?secret")).isEqualTo("http://ho st:1/p");
  }

  @Test
  void headerValuesAreRedactedAsWrittenAndDecoded() {
    Secrets secrets =
        Secrets.of(
            Map.of("otel.exporter.otlp.headers", "Authorization=Bearer%20t0k3n,x-api-key=k3y"));
    assertThat(secrets.redact("header Bearer t0k3n and Bearer%20t0k3n and k3y"))
        .doesNotContain("t0k3n")
        .doesNotContain("k3y")
        .contains(Secrets.REDACTED);
    assertThat(secrets.redact("nothing secret here")).isEqualTo("nothing secret here");
  }

  @Test
  void endpointCredentialsAndQueryAreRedactedAndTheEndpointShownSafely() {
    Secrets secrets =
        Secrets.of(
            Map.of(
                "otel.exporter.otlp.traces.endpoint",
                "http://me:pa%40ss@collector:4318/v1/traces?token=t0k&x=1"));
    assertThat(
            secrets.redact("bad endpoint http://me:pa%40ss@collector:4318/v1/traces?token=t0k&x=1"))
        .isEqualTo("bad endpoint http://collector:4318/v1/traces");
    assertThat(secrets.redact("must not have a query string: token=t0k&x=1; password pa@ss"))
        .doesNotContain("t0k")
        .doesNotContain("pa@ss")
        .doesNotContain("pa%40ss");
  }

  @Test
  void sanitizedChainKeepsClassesAndStackTracesAndWithholdsWhatIsBelowAQuotedSecret() {
    Secrets secrets = Secrets.of(Map.of("otel.exporter.otlp.headers", "k=Bearer%zzs3cr3t"));
    IllegalArgumentException decoder =
        new IllegalArgumentException("Illegal hex characters in escape: \"zz\"");
    RuntimeException quoting =
        new RuntimeException("Cannot decode header value: Bearer%zzs3cr3t", decoder);
    IllegalStateException top =
        new IllegalStateException("Unexpected configuration error", quoting);

    Throwable sanitized = secrets.sanitize(top);
    StringWriter printed = new StringWriter();
    sanitized.printStackTrace(new PrintWriter(printed));

    assertThat(printed.toString())
        .contains("java.lang.IllegalStateException: Unexpected configuration error")
        .contains("java.lang.RuntimeException: Cannot decode header value: <redacted>")
        .contains("java.lang.IllegalArgumentException: (message withheld")
        .contains("SecretsTest.sanitizedChainKeepsClassesAndStackTraces")
        .doesNotContain("s3cr3t")
        .doesNotContain("zz");
    assertThat(sanitized.getStackTrace()).isEqualTo(top.getStackTrace());
  }
}
