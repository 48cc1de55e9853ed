package dev.tracery.jaxrs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.jaxrs.HttpTracingConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What of a URL or query reaches {@code url.full} and {@code url.query}. */
class UrlsTest {

  private static final String[] DEFAULT =
      HttpTracingConfig.builder().build().redactedQueryParameterNames();

  @Test
  void redactsTheValuesOfSensitiveParametersAndKeepsTheRestAsSent() {
    assertThat(Urls.redactQuery("q=caf%C3%A9&access_token=abc&page=2", DEFAULT))
        .isEqualTo("q=caf%C3%A9&access_token=REDACTED&page=2");
  }

  @Test
  void comparesNamesWithoutRegardToCaseAndAfterPercentDecoding() {
    assertThat(Urls.redactQuery("PASSWORD=x", DEFAULT)).isEqualTo("PASSWORD=REDACTED");
    assertThat(Urls.redactQuery("access%5Ftoken=x", DEFAULT)).isEqualTo("access%5Ftoken=REDACTED");
    assertThat(Urls.redactQuery("x-amz-signature=x", DEFAULT))
        .isEqualTo("x-amz-signature=REDACTED");
  }

  @Test
  void redactsEveryOccurrenceAndParametersTheConfigurationAdds() {
    String[] withCustom =
        HttpTracingConfig.builder()
            .redactedQueryParameters(List.of("ssn"))
            .build()
            .redactedQueryParameterNames();
    assertThat(Urls.redactQuery("ssn=1&token=a&ssn=2", withCustom))
        .isEqualTo("ssn=REDACTED&token=REDACTED&ssn=REDACTED");
    assertThat(Urls.redactQuery("ssn=1", DEFAULT)).isEqualTo("ssn=1");
  }

  @Test
  void returnsTheSameQueryWhenNothingIsSensitive() {
    String query = "page=2&size=10&flag&=odd";
    assertThat(Urls.redactQuery(query, DEFAULT)).isSameAs(query);
    assertThat(Urls.redactQuery(null, DEFAULT)).isNull();
    assertThat(Urls.redactQuery("", DEFAULT)).isEmpty();
  }

  @Test
  void aParameterWithoutValueOrAMalformedEscapeIsKept() {
    assertThat(Urls.redactQuery("token&page=1", DEFAULT)).isEqualTo("token&page=1");
    assertThat(Urls.redactQuery("tok%zzen=1&token=2", DEFAULT))
        .isEqualTo("tok%zzen=1&token=REDACTED");
  }

  @Test
  void dropsAFragmentFromAQuery() {
    assertThat(Urls.withoutFragment("a=1#access_token=x")).isEqualTo("a=1");
    assertThat(Urls.withoutFragment("a=1")).isEqualTo("a=1");
    assertThat(Urls.withoutFragment(null)).isNull();
  }

  @Test
  void fullUrlsLoseUserInfoSensitiveValuesAndTheFragment() {
    assertThat(
            Urls.redactUrl(
                "https://alice:s3cret@api.example.com:8443/pay?amount=5&api_key=k#token=t",
                DEFAULT,
                true))
        .isEqualTo("https://REDACTED:REDACTED@api.example.com:8443/pay?amount=5&api_key=REDACTED");
  }

  @Test
  void fullUrlsLoseTheWholeQueryWhenQueriesAreNotCaptured() {
    assertThat(Urls.redactUrl("http://h/p?amount=5&api_key=k", DEFAULT, false))
        .isEqualTo("http://h/p");
  }

  @Test
  void anAtSignAfterTheAuthorityIsNotUserInfo() {
    assertThat(Urls.redactUrl("http://h/users/a@b.c?x=1", DEFAULT, true))
        .isEqualTo("http://h/users/a@b.c?x=1");
    assertThat(Urls.redactUrl(null, DEFAULT, true)).isNull();
  }
}
