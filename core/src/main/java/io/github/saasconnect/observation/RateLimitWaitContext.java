package io.github.saasconnect.observation;

import java.time.Duration;
import java.util.Objects;

/**
 * A rate limit an authorized client met ({@link SaasConnectObservation#RATE_LIMIT_WAIT}): the observation lasts as
 * long as the client waits, and is instant when the wait was refused.
 */
public final class RateLimitWaitContext extends RegistrationContext {

    private final Duration requested;
    private final boolean waiting;

    /**
     * @param requested how long the provider asked to wait (or the backoff chosen when it did not say)
     * @param waiting {@code true} when the client waits, {@code false} when it refused a wait beyond its bound
     */
    public RateLimitWaitContext(String registration, String provider, Duration requested, boolean waiting) {
        super(registration, provider);
        this.requested = Objects.requireNonNull(requested, "requested");
        this.waiting = waiting;
    }

    /** How long the provider asked to wait. */
    public Duration requested() {
        return requested;
    }

    /** Whether the client waited (else it refused and the call failed). */
    public boolean waiting() {
        return waiting;
    }
}
