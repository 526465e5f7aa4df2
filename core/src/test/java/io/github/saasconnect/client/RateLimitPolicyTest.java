package io.github.saasconnect.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** The signals of providers.md read from single answers, where the sandboxes have no knob for them. */
class RateLimitPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final IntervalFunction BACKOFF = IntervalFunction.ofExponentialBackoff(Duration.ofSeconds(1), 2.0,
            Duration.ofSeconds(60));

    private static ApiAnswer answer(int status, String body, String... headers) {
        HttpHeaders h = new HttpHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        return new ApiAnswer(status, h, body);
    }

    @Test
    void retryAfterMayBeAnHttpDate() {
        RateLimit limit = RateLimitPolicy.STANDARD.detect(answer(429, null, "Retry-After",
                "Wed, 25 Nov 2026 10:02:30 GMT"), NOW, 1, BACKOFF);

        assertThat(limit.delay()).isEqualTo(Duration.ofSeconds(150));
    }

    @Test
    void aMissingOrUnreadableRetryAfterFallsBackToTheBackoff() {
        assertThat(RateLimitPolicy.STANDARD.detect(answer(429, null, "Retry-After", "soon"), NOW, 3, BACKOFF).delay())
                .isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void gitHubRetryAfterWinsOverThePrimaryReset() {
        RateLimit limit = RateLimitPolicy.GITHUB.detect(answer(403, "{}", "retry-after", "5",
                "x-ratelimit-remaining", "0", "x-ratelimit-reset", Long.toString(NOW.getEpochSecond() + 900)), NOW, 1,
                BACKOFF);

        assertThat(limit.delay()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aGitHub403WithoutRateLimitSignalsIsAPermissionError() {
        assertThat(RateLimitPolicy.GITHUB.detect(answer(403, "{\"message\":\"Resource not accessible by integration\"}",
                "x-ratelimit-remaining", "4999"), NOW, 1, BACKOFF)).isNull();
    }

    @Test
    void aResetInThePastStillWaitsASecond() {
        assertThat(RateLimitPolicy.GITHUB.detect(answer(429, null, "x-ratelimit-remaining", "0", "x-ratelimit-reset",
                Long.toString(NOW.getEpochSecond() - 10)), NOW, 1, BACKOFF).delay()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void graph503WithRetryAfterIsThrottlingAndWithoutItIsNot() {
        assertThat(RateLimitPolicy.MICROSOFT.detect(answer(503, null, "Retry-After", "12"), NOW, 1, BACKOFF).delay())
                .isEqualTo(Duration.ofSeconds(12));
        assertThat(RateLimitPolicy.MICROSOFT.detect(answer(503, null), NOW, 1, BACKOFF)).isNull();
    }

    @Test
    void docuSignEnvelopePollingLimitWaitsForTheNextHour() {
        RateLimit limit = RateLimitPolicy.DOCUSIGN.detect(answer(400,
                "{\"errorCode\":\"HOURLY_ENVELOPE_POLLING_LIMIT_EXCEEDED\",\"message\":\"...\"}"),
                NOW.plusSeconds(600), 1, BACKOFF);

        assertThat(limit.delay()).isEqualTo(Duration.ofMinutes(50));
    }

    @Test
    void aDocuSign400ThatIsNotALimitIsLeftToTheCaller() {
        assertThat(RateLimitPolicy.DOCUSIGN.detect(answer(400, "{\"errorCode\":\"USER_LACKS_MEMBERSHIP\"}"), NOW, 1,
                BACKOFF)).isNull();
    }

    @Test
    void policiesAreChosenByDescriptorTypeWithAStandardDefault() {
        assertThat(RateLimitPolicy.forType("github")).isEqualTo(RateLimitPolicy.GITHUB);
        assertThat(RateLimitPolicy.forType("oauth2")).isEqualTo(RateLimitPolicy.STANDARD);
        assertThat(PagingStyle.forType("microsoft")).isEqualTo(PagingStyle.ODATA_NEXT_LINK);
        assertThat(PagingStyle.forType("oauth2")).isEqualTo(PagingStyle.LINK_HEADER);
    }
}
