package io.github.saasconnect.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** The standard {@code Retry-After} signals read from single answers. */
class RateLimitSignalsTest {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final IntervalFunction BACKOFF =
            IntervalFunction.ofExponentialBackoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60));
    static final IntFunction<Duration> BACKOFF_BY_ATTEMPT = n -> Duration.ofMillis(BACKOFF.apply(n));

    /** An answer with {@code headers} given as name, value, name, value ... (shared with the providers module). */
    static ApiAnswer answer(int status, String body, String... headers) {
        HttpHeaders h = new HttpHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        return new ApiAnswer(status, h, body);
    }

    @Test
    void retryAfterMayBeAnHttpDate() {
        RateLimit limit = RateLimitSignals.RETRY_AFTER.read(
                answer(429, null, "Retry-After", "Wed, 25 Nov 2026 10:02:30 GMT"), NOW, 1, BACKOFF_BY_ATTEMPT);

        assertThat(limit.delay()).isEqualTo(Duration.ofSeconds(150));
    }

    @Test
    void aMissingOrUnreadableRetryAfterFallsBackToTheBackoff() {
        assertThat(RateLimitSignals.RETRY_AFTER
                        .read(answer(429, null, "Retry-After", "soon"), NOW, 3, BACKOFF_BY_ATTEMPT)
                        .delay())
                .isEqualTo(Duration.ofSeconds(4));
    }
}
