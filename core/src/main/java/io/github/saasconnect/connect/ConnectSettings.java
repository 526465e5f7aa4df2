package io.github.saasconnect.connect;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link ConnectFlow}.
 *
 * @param stateLifetime how long a started authorization may take before its callback (10 minutes by default)
 * @param returnTo which return addresses are accepted
 * @param maxWriteAttempts how often the connection write is tried when another writer changed the record
 *     in between (compare-and-set conflicts)
 */
public record ConnectSettings(Duration stateLifetime, ReturnToPolicy returnTo, int maxWriteAttempts) {

    /** The default state lifetime. */
    public static final Duration DEFAULT_STATE_LIFETIME = Duration.ofMinutes(10);

    public ConnectSettings {
        Objects.requireNonNull(stateLifetime, "stateLifetime");
        if (stateLifetime.isNegative() || stateLifetime.isZero()) {
            throw new IllegalArgumentException("stateLifetime must be positive but was " + stateLifetime);
        }
        Objects.requireNonNull(returnTo, "returnTo");
        if (maxWriteAttempts < 1) {
            throw new IllegalArgumentException("maxWriteAttempts must be at least 1 but was " + maxWriteAttempts);
        }
    }

    /** 10 minutes, relative return addresses only, 5 write attempts. */
    public static ConnectSettings defaults() {
        return new ConnectSettings(DEFAULT_STATE_LIFETIME, ReturnToPolicy.relativeOnly(), 5);
    }
}
