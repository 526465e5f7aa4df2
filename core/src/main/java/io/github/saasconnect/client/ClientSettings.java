package io.github.saasconnect.client;

import io.github.saasconnect.resilience.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * How authorized API clients retry rate-limited calls and how far paginators follow next links.
 *
 * @param maxAttempts attempts per call, the first included, when answers keep saying "rate limited"; a 401
 *     answered by a refresh is sent again on top of these
 * @param initialBackoff the first wait when a provider signals a rate limit without saying how long (Bitbucket,
 *     Google); later waits grow exponentially, with jitter
 * @param backoffMultiplier growth of that wait per attempt
 * @param maxBackoff the longest such wait
 * @param maxRetryAfter the longest single wait a client accepts (a {@code Retry-After}, a reset instant); a provider
 *     asking for more fails the call with {@link io.github.saasconnect.failure.RateLimitedException} carrying the
 *     time to retry
 * @param maxPages the most pages a paginator follows before it fails, a guard against endless paging
 */
public record ClientSettings(
        int maxAttempts,
        Duration initialBackoff,
        double backoffMultiplier,
        Duration maxBackoff,
        Duration maxRetryAfter,
        int maxPages) {

    public ClientSettings {
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1 but was " + maxAttempts);
        }
        new Backoff(initialBackoff, backoffMultiplier, maxBackoff);
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be at least 1 but was " + maxPages);
        }
    }

    /** 6 attempts, backoff from 1 s doubling up to 60 s, waits of up to 2 minutes, at most 1,000 pages. */
    public static ClientSettings defaults() {
        return new ClientSettings(6, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), Duration.ofMinutes(2), 1000);
    }

    /** The backoff for rate limits that name no wait. */
    public Backoff backoff() {
        return new Backoff(initialBackoff, backoffMultiplier, maxBackoff);
    }

    /** These settings with another longest wait. */
    public ClientSettings withMaxRetryAfter(Duration wait) {
        return new ClientSettings(maxAttempts, initialBackoff, backoffMultiplier, maxBackoff, wait, maxPages);
    }

    /** These settings with another page limit. */
    public ClientSettings withMaxPages(int pages) {
        return new ClientSettings(maxAttempts, initialBackoff, backoffMultiplier, maxBackoff, maxRetryAfter, pages);
    }
}
