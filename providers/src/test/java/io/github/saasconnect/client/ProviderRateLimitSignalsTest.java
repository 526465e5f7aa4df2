package io.github.saasconnect.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.core.IntervalFunction;
import io.github.saasconnect.provider.ApiAnswer;
import io.github.saasconnect.provider.GenericOAuth2ProviderType;
import io.github.saasconnect.provider.PagingStyle;
import io.github.saasconnect.provider.ProviderDescriptor;
import io.github.saasconnect.provider.ProviderType;
import io.github.saasconnect.provider.RateLimit;
import io.github.saasconnect.provider.RateLimitSignals;
import io.github.saasconnect.provider.docusign.DocuSignProviderType;
import io.github.saasconnect.provider.github.GitHubProviderType;
import io.github.saasconnect.provider.microsoft.MicrosoftProviderType;
import io.github.saasconnect.provider.testing.Settings;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** The signals of providers.md read from single answers, where the sandboxes have no knob for them. */
class ProviderRateLimitSignalsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final IntervalFunction BACKOFF = IntervalFunction.ofExponentialBackoff(Duration.ofSeconds(1), 2.0,
            Duration.ofSeconds(60));
    private static final IntFunction<Duration> BACKOFF_BY_ATTEMPT = n -> Duration.ofMillis(BACKOFF.apply(n));
    private static final RateLimitSignals GITHUB = descriptor(new GitHubProviderType(), Settings.of("github"))
            .rateLimitSignals();
    private static final RateLimitSignals MICROSOFT = descriptor(new MicrosoftProviderType(),
            Settings.of("microsoft")).rateLimitSignals();
    private static final RateLimitSignals DOCUSIGN = descriptor(new DocuSignProviderType(),
            Settings.of("docusign").option("environment", "demo")).rateLimitSignals();

    private static ApiAnswer answer(int status, String body, String... headers) {
        HttpHeaders h = new HttpHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        return new ApiAnswer(status, h, body);
    }

    @Test
    void gitHubRetryAfterWinsOverThePrimaryReset() {
        RateLimit limit = GITHUB.read(answer(403, "{}", "retry-after", "5",
                "x-ratelimit-remaining", "0", "x-ratelimit-reset", Long.toString(NOW.getEpochSecond() + 900)), NOW, 1,
                BACKOFF_BY_ATTEMPT);

        assertThat(limit.delay()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aGitHub403WithoutRateLimitSignalsIsAPermissionError() {
        assertThat(GITHUB.read(answer(403, "{\"message\":\"Resource not accessible by integration\"}",
                "x-ratelimit-remaining", "4999"), NOW, 1, BACKOFF_BY_ATTEMPT)).isNull();
    }

    @Test
    void aResetInThePastStillWaitsASecond() {
        assertThat(GITHUB.read(answer(429, null, "x-ratelimit-remaining", "0", "x-ratelimit-reset",
                Long.toString(NOW.getEpochSecond() - 10)), NOW, 1, BACKOFF_BY_ATTEMPT).delay()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void graph503WithRetryAfterIsThrottlingAndWithoutItIsNot() {
        assertThat(MICROSOFT.read(answer(503, null, "Retry-After", "12"), NOW, 1, BACKOFF_BY_ATTEMPT).delay())
                .isEqualTo(Duration.ofSeconds(12));
        assertThat(MICROSOFT.read(answer(503, null), NOW, 1, BACKOFF_BY_ATTEMPT)).isNull();
    }

    @Test
    void docuSignEnvelopePollingLimitWaitsForTheNextHour() {
        RateLimit limit = DOCUSIGN.read(answer(400,
                "{\"errorCode\":\"HOURLY_ENVELOPE_POLLING_LIMIT_EXCEEDED\",\"message\":\"...\"}"),
                NOW.plusSeconds(600), 1, BACKOFF_BY_ATTEMPT);

        assertThat(limit.delay()).isEqualTo(Duration.ofMinutes(50));
    }

    @Test
    void aDocuSign400ThatIsNotALimitIsLeftToTheCaller() {
        assertThat(DOCUSIGN.read(answer(400, "{\"errorCode\":\"USER_LACKS_MEMBERSHIP\"}"), NOW, 1,
                BACKOFF_BY_ATTEMPT)).isNull();
    }

    @Test
    void eachRegistrationCarriesItsProvidersSignalsAndPagingAndTheGenericTypeTheStandardOnes() {
        ProviderDescriptor generic = new GenericOAuth2ProviderType().register(Settings.of("oauth2")
                .authorizationUri(URI.create("https://as.example.com/authorize"))
                .tokenUri(URI.create("https://as.example.com/token")).build()).descriptor();

        assertThat(GITHUB).hasToString("github");
        assertThat(generic.rateLimitSignals()).isEqualTo(RateLimitSignals.RETRY_AFTER);
        assertThat(generic.pagingStyle()).isEqualTo(PagingStyle.LINK_HEADER);
        assertThat(descriptor(new MicrosoftProviderType(), Settings.of("microsoft")).pagingStyle())
                .hasToString("body-link(@odata.nextLink)");
    }

    private static ProviderDescriptor descriptor(ProviderType type, Settings settings) {
        return type.register(settings.build()).descriptor();
    }
}
