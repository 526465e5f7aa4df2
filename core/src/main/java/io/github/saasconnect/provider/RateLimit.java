package io.github.saasconnect.provider;

import io.github.saasconnect.http.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntFunction;

/**
 * A rate-limit signal read from one API answer. Every wait is at least one second, so that a provider's clock skew
 * or a reset instant just passed never turns into a retry storm.
 *
 * @param delay how long to wait before trying again
 * @param reason which signal it was, for logs and errors; never a secret
 */
public record RateLimit(Duration delay, String reason) {

    private static final Duration MIN_WAIT = Duration.ofSeconds(1);

    public RateLimit {
        delay = delay.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : delay;
    }

    /** Wait until {@code reset} (a provider's reset instant), counted from {@code now}. */
    public static RateLimit until(Instant now, Instant reset, String reason) {
        return new RateLimit(Duration.between(now, reset), reason);
    }

    /** Wait until the top of the next hour (hourly quotas without a reset header). */
    public static RateLimit untilNextHour(Instant now, String reason) {
        long hour = 3600;
        return until(now, Instant.ofEpochSecond((now.getEpochSecond() / hour + 1) * hour), reason);
    }

    /** {@code Retry-After} when the answer carries one, else the configured backoff for this attempt. */
    public static RateLimit retryAfterOrBackoff(
            ApiAnswer answer, Instant now, int attempt, IntFunction<Duration> backoff, String reason) {
        Duration retryAfter = RetryAfter.of(answer.headers(), now);
        if (retryAfter != null) {
            return new RateLimit(retryAfter, reason + " (Retry-After)");
        }
        return new RateLimit(backoff.apply(Math.max(attempt, 1)), reason + " (backoff)");
    }

    /** A header holding epoch seconds (GitHub's {@code x-ratelimit-reset}), or {@code null} when absent or bad. */
    public static Instant epochSeconds(String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(v));
        } catch (NumberFormatException bad) {
            return null;
        }
    }
}
