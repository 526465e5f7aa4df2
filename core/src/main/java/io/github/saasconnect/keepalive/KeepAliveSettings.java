package io.github.saasconnect.keepalive;

import java.time.Duration;
import java.util.Objects;

/**
 * When and how the keep-alive sweep runs.
 *
 * @param interval time between sweeps
 * @param initialDelay time from start-up to the first sweep
 * @param idleMargin refresh a connection this long before its refresh token would die of idleness; never later
 *     than half way through the idle limit
 * @param expiryWarning publish {@code RefreshTokenExpiringEvent} this long before a fixed refresh-token expiry
 * @param concurrency connections refreshed at the same time by one sweep
 * @param listPageSize records read from the token store per page
 */
public record KeepAliveSettings(
        Duration interval,
        Duration initialDelay,
        Duration idleMargin,
        Duration expiryWarning,
        int concurrency,
        int listPageSize) {

    public KeepAliveSettings {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(idleMargin, "idleMargin");
        Objects.requireNonNull(expiryWarning, "expiryWarning");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive but was " + interval);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1 but was " + concurrency);
        }
        if (listPageSize < 1) {
            throw new IllegalArgumentException("listPageSize must be at least 1 but was " + listPageSize);
        }
    }

    /** Every 6 hours from 1 minute after start; refresh 14 days before idle death; warn 14 days before expiry. */
    public static KeepAliveSettings defaults() {
        return new KeepAliveSettings(
                Duration.ofHours(6), Duration.ofMinutes(1), Duration.ofDays(14), Duration.ofDays(14), 4, 100);
    }
}
