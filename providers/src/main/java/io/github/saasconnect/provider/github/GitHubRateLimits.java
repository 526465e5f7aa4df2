package io.github.saasconnect.provider.github;

import io.github.saasconnect.http.RetryAfter;
import io.github.saasconnect.provider.ApiAnswer;
import io.github.saasconnect.provider.RateLimit;
import io.github.saasconnect.provider.RateLimitSignals;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * GitHub REST (providers.md §3.7): 403 or 429. {@code retry-after} wins (secondary limit); else
 * {@code x-ratelimit-remaining: 0} waits until {@code x-ratelimit-reset} (primary limit); else a secondary limit
 * without headers waits 60 s, doubling on each further attempt. A 403 without any of these is a permission error,
 * not a rate limit.
 */
final class GitHubRateLimits implements RateLimitSignals {

    private static final Duration SECONDARY_MINIMUM = Duration.ofSeconds(60);

    @Override
    public boolean readsBody(int status) {
        return status == 403;
    }

    @Override
    public RateLimit read(ApiAnswer answer, Instant now, int attempt, IntFunction<Duration> backoff) {
        if (answer.status() != 403 && answer.status() != 429) {
            return null;
        }
        Duration retryAfter = RetryAfter.of(answer.headers(), now);
        if (retryAfter != null) {
            return new RateLimit(retryAfter, "GitHub secondary rate limit (retry-after)");
        }
        String remaining = answer.headers().getFirst("x-ratelimit-remaining");
        if (remaining != null && remaining.strip().equals("0")) {
            Instant reset = RateLimit.epochSeconds(answer.headers().getFirst("x-ratelimit-reset"));
            if (reset != null) {
                String resource = answer.headers().getFirst("x-ratelimit-resource");
                return RateLimit.until(
                        now,
                        reset,
                        "GitHub primary rate limit" + (resource == null ? "" : " (" + resource + ")") + ", resets at "
                                + reset);
            }
        }
        boolean secondary = answer.status() == 429
                || answer.body() != null
                        && answer.body().toLowerCase(Locale.ROOT).contains("secondary rate limit");
        if (secondary) {
            int doublings = Math.min(Math.max(attempt, 1) - 1, 10);
            return new RateLimit(
                    SECONDARY_MINIMUM.multipliedBy(1L << doublings), "GitHub secondary rate limit (no retry-after)");
        }
        return null;
    }

    @Override
    public String toString() {
        return "github";
    }
}
