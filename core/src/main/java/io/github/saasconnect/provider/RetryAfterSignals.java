package io.github.saasconnect.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.function.IntFunction;

/** RFC 6585 429 answers, waiting {@code Retry-After} or else backing off. */
record RetryAfterSignals(String reason) implements RateLimitSignals {

    @Override
    public RateLimit read(ApiAnswer answer, Instant now, int attempt, IntFunction<Duration> backoff) {
        return answer.status() == 429 ? RateLimit.retryAfterOrBackoff(answer, now, attempt, backoff, reason) : null;
    }

    @Override
    public String toString() {
        return "retry-after";
    }
}
