package io.github.saasconnect.resilience;

import java.time.Duration;

/**
 * The retry, circuit-breaker and bulkhead settings applied to each registration's token requests; its API calls'
 * circuit breaker takes the same thresholds.
 *
 * @param maxAttempts attempts per refresh, the first included
 * @param initialBackoff the first wait between attempts (exponential, with jitter)
 * @param backoffMultiplier growth of the wait per attempt
 * @param maxBackoff the longest wait between attempts
 * @param maxRetryAfter the longest {@code Retry-After} we honour; beyond it the call fails as rate limited
 * @param failureRateThreshold percentage of failed calls that opens the breaker
 * @param slidingWindowSize calls the breaker looks back on; a call is one outcome, its retries included
 * @param minimumNumberOfCalls calls needed before the breaker judges
 * @param waitInOpenState how long an open breaker refuses calls before trying again
 * @param maxConcurrentRefreshes concurrent refreshes per registration; more are turned away at once
 */
public record ResilienceSettings(
        int maxAttempts,
        Duration initialBackoff,
        double backoffMultiplier,
        Duration maxBackoff,
        Duration maxRetryAfter,
        float failureRateThreshold,
        int slidingWindowSize,
        int minimumNumberOfCalls,
        Duration waitInOpenState,
        int maxConcurrentRefreshes) {

    /** The defaults documented in the configuration reference. */
    public static ResilienceSettings defaults() {
        return new ResilienceSettings(
                3,
                Duration.ofMillis(200),
                2.0,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                50f,
                20,
                10,
                Duration.ofSeconds(30),
                64);
    }
}
