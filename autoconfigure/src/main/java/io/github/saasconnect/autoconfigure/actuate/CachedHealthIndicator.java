package io.github.saasconnect.autoconfigure.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reuses another indicator's health for a while: a health endpoint that load balancers and monitors poll every few
 * seconds (and that is often public) then costs the store at most one probe per period, however often it is asked.
 * Callers that arrive while a probe runs wait for it rather than start their own.
 */
final class CachedHealthIndicator implements HealthIndicator {

    private final HealthIndicator delegate;
    private final Duration ttl;
    private final Clock clock;
    private Health health;
    private Instant expiresAt = Instant.MIN;

    CachedHealthIndicator(HealthIndicator delegate, Duration ttl, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("the health cache time must not be negative but was " + ttl);
        }
    }

    /** {@code delegate} itself when {@code ttl} is zero. */
    static HealthIndicator of(HealthIndicator delegate, Duration ttl, Clock clock) {
        return ttl.isZero() ? delegate : new CachedHealthIndicator(delegate, ttl, clock);
    }

    @Override
    public synchronized Health health() {
        Instant now = clock.instant();
        if (health == null || !now.isBefore(expiresAt)) {
            health = delegate.health();
            expiresAt = clock.instant().plus(ttl);
        }
        return health;
    }
}
