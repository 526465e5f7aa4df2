package io.github.saasconnect.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How authorized API clients wait on rate limits and how far paginators follow next links.
 *
 * @param maxRateLimitWait the longest single wait a client accepts; a provider asking for more fails the call with
 *     {@link io.github.saasconnect.failure.RateLimitedException} carrying the time to retry
 * @param maxRateLimitRetries how many times one call may wait on a rate limit before it fails
 * @param backoffInitial the first wait when a provider signals a rate limit without saying how long (Bitbucket,
 *     Google); later waits grow exponentially, with jitter
 * @param backoffMultiplier growth of that wait per attempt
 * @param backoffMax the longest such wait
 * @param maxPages the most pages a paginator follows before it fails, a guard against endless paging
 */
public record ClientSettings(
        Duration maxRateLimitWait,
        int maxRateLimitRetries,
        Duration backoffInitial,
        double backoffMultiplier,
        Duration backoffMax,
        int maxPages) {

    public ClientSettings {
        Objects.requireNonNull(maxRateLimitWait, "maxRateLimitWait");
        Objects.requireNonNull(backoffInitial, "backoffInitial");
        Objects.requireNonNull(backoffMax, "backoffMax");
        if (maxRateLimitRetries < 0) {
            throw new IllegalArgumentException("maxRateLimitRetries must not be negative but was " + maxRateLimitRetries);
        }
        if (backoffInitial.isNegative() || backoffInitial.isZero()) {
            throw new IllegalArgumentException("backoffInitial must be positive but was " + backoffInitial);
        }
        if (backoffMultiplier < 1) {
            throw new IllegalArgumentException("backoffMultiplier must be at least 1 but was " + backoffMultiplier);
        }
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be at least 1 but was " + maxPages);
        }
    }

    /** Waits of up to 2 minutes, 5 retries, backoff from 1 s doubling up to 60 s, at most 1,000 pages. */
    public static ClientSettings defaults() {
        return new ClientSettings(Duration.ofMinutes(2), 5, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), 1000);
    }

    /** These settings with another maximum wait. */
    public ClientSettings withMaxRateLimitWait(Duration wait) {
        return new ClientSettings(wait, maxRateLimitRetries, backoffInitial, backoffMultiplier, backoffMax, maxPages);
    }

    /** These settings with another page limit. */
    public ClientSettings withMaxPages(int pages) {
        return new ClientSettings(maxRateLimitWait, maxRateLimitRetries, backoffInitial, backoffMultiplier, backoffMax,
                pages);
    }
}
