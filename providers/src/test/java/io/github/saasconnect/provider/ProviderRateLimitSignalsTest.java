package io.github.saasconnect.provider;

import static io.github.saasconnect.provider.RateLimitSignalsTest.BACKOFF_BY_ATTEMPT;
import static io.github.saasconnect.provider.RateLimitSignalsTest.NOW;
import static io.github.saasconnect.provider.RateLimitSignalsTest.answer;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.provider.docusign.DocuSignProviderType;
import io.github.saasconnect.provider.github.GitHubProviderType;
import io.github.saasconnect.provider.microsoft.MicrosoftProviderType;
import io.github.saasconnect.provider.testing.Settings;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each provider's signals of providers.md read from single answers, where the sandboxes have no knob for them. */
class ProviderRateLimitSignalsTest {

    private static final RateLimitSignals GITHUB =
            descriptor(new GitHubProviderType(), Settings.of("github")).rateLimitSignals();
    private static final RateLimitSignals MICROSOFT =
            descriptor(new MicrosoftProviderType(), Settings.of("microsoft")).rateLimitSignals();
    private static final RateLimitSignals DOCUSIGN = descriptor(
                    new DocuSignProviderType(), Settings.of("docusign").option("environment", "demo"))
            .rateLimitSignals();

    @Test
    void gitHubRetryAfterWinsOverThePrimaryReset() {
        RateLimit limit = GITHUB.read(
                answer(
                        403,
                        "{}",
                        "retry-after",
                        "5",
                        "x-ratelimit-remaining",
                        "0",
                        "x-ratelimit-reset",
                        Long.toString(NOW.getEpochSecond() + 900)),
                NOW,
                1,
                BACKOFF_BY_ATTEMPT);

        assertThat(limit.delay()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aGitHub403WithoutRateLimitSignalsIsAPermissionError() {
        assertThat(GITHUB.read(
                        answer(
                                403,
                                "{\"message\":\"Resource not accessible by integration\"}",
                                "x-ratelimit-remaining",
                                "4999"),
                        NOW,
                        1,
                        BACKOFF_BY_ATTEMPT))
                .isNull();
    }

    @Test
    void aResetInThePastStillWaitsASecond() {
        assertThat(GITHUB.read(
                                answer(
                                        429,
                                        null,
                                        "x-ratelimit-remaining",
                                        "0",
                                        "x-ratelimit-reset",
                                        Long.toString(NOW.getEpochSecond() - 10)),
                                NOW,
                                1,
                                BACKOFF_BY_ATTEMPT)
                        .delay())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void graph503WithRetryAfterIsThrottlingAndWithoutItIsNot() {
        assertThat(MICROSOFT
                        .read(answer(503, null, "Retry-After", "12"), NOW, 1, BACKOFF_BY_ATTEMPT)
                        .delay())
                .isEqualTo(Duration.ofSeconds(12));
        assertThat(MICROSOFT.read(answer(503, null), NOW, 1, BACKOFF_BY_ATTEMPT))
                .isNull();
    }

    @Test
    void docuSignEnvelopePollingLimitWaitsForTheNextHour() {
        RateLimit limit = DOCUSIGN.read(
                answer(400, "{\"errorCode\":\"HOURLY_ENVELOPE_POLLING_LIMIT_EXCEEDED\",\"message\":\"...\"}"),
                NOW.plusSeconds(600),
                1,
                BACKOFF_BY_ATTEMPT);

        assertThat(limit.delay()).isEqualTo(Duration.ofMinutes(50));
    }

    @Test
    void aDocuSign400ThatIsNotALimitIsLeftToTheCaller() {
        assertThat(DOCUSIGN.read(answer(400, "{\"errorCode\":\"USER_LACKS_MEMBERSHIP\"}"), NOW, 1, BACKOFF_BY_ATTEMPT))
                .isNull();
    }

    @Test
    void eachRegistrationCarriesItsProvidersSignalsAndPagingAndTheGenericTypeTheStandardOnes() {
        ProviderDescriptor generic = new GenericOAuth2ProviderType()
                .register(Settings.of("oauth2")
                        .authorizationUri(URI.create("https://as.example.com/authorize"))
                        .tokenUri(URI.create("https://as.example.com/token"))
                        .build())
                .descriptor();

        assertThat(GITHUB).hasToString("github");
        assertThat(generic.rateLimitSignals()).isEqualTo(RateLimitSignals.RETRY_AFTER);
        assertThat(generic.pagingStyle()).isEqualTo(PagingStyle.LINK_HEADER);
        assertThat(descriptor(new MicrosoftProviderType(), Settings.of("microsoft"))
                        .pagingStyle())
                .hasToString("body-link(@odata.nextLink)");
    }

    private static ProviderDescriptor descriptor(ProviderType type, Settings settings) {
        return type.register(settings.build()).descriptor();
    }
}
