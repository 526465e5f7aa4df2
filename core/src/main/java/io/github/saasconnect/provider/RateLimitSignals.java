package io.github.saasconnect.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.function.IntFunction;

/**
 * How a provider's API says "slow down", and how long to wait then. The authorized clients ask it about every
 * answer except 401.
 */
@FunctionalInterface
public interface RateLimitSignals {

    /** Any RFC 6585 API: 429, waiting {@code Retry-After} (seconds or an HTTP date), else exponential backoff. */
    RateLimitSignals RETRY_AFTER = retryAfter("HTTP 429");

    /** Like {@link #RETRY_AFTER}, naming the limit {@code reason} in logs and errors ({@code "Bitbucket 429"}). */
    static RateLimitSignals retryAfter(String reason) {
        return new RetryAfterSignals(reason);
    }

    /**
     * The rate limit {@code answer} signals, or {@code null} when it is not one.
     *
     * @param now the injected clock's instant, for reset times
     * @param attempt 1 for the first rate-limited answer of a call, 2 for the next ...
     * @param backoff the configured backoff by attempt, for signals that name no wait
     */
    RateLimit read(ApiAnswer answer, Instant now, int attempt, IntFunction<Duration> backoff);

    /** Whether an answer with {@code status} must be read to tell a rate limit from another error. */
    default boolean readsBody(int status) {
        return false;
    }
}
