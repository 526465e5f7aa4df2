package io.github.saasconnect.provider.microsoft;

import io.github.saasconnect.http.RetryAfter;
import io.github.saasconnect.provider.ApiAnswer;
import io.github.saasconnect.provider.RateLimit;
import io.github.saasconnect.provider.RateLimitSignals;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntFunction;

/** Microsoft Graph throttling (providers.md §2.10): 429, and 503 carrying {@code Retry-After}. */
final class GraphRateLimits implements RateLimitSignals {

    @Override
    public RateLimit read(ApiAnswer answer, Instant now, int attempt, IntFunction<Duration> backoff) {
        if (answer.status() == 429) {
            return RateLimit.retryAfterOrBackoff(answer, now, attempt, backoff, "Microsoft Graph throttling (429)");
        }
        Duration retryAfter = RetryAfter.of(answer.headers(), now);
        return answer.status() == 503 && retryAfter != null
                ? new RateLimit(retryAfter, "Microsoft Graph throttling (503 with Retry-After)")
                : null;
    }

    @Override
    public String toString() {
        return "microsoft-graph";
    }
}
