package io.github.saasconnect.client;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.FailureKind;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.http.HttpStatusFailures;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One API exchange's permission from the registration's API circuit breaker, settled exactly once: a success, a
 * transient failure (5xx, 408, no answer), or released unrecorded (a rate limit waited out, a 401 followed by a refresh,
 * a cancelled call). Only the last exchange of a call records, so each call is one outcome and rate limits never
 * count against the provider.
 */
final class BreakerPermit {

    private final CircuitBreaker breaker;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean settled = new AtomicBoolean();

    private BreakerPermit(CircuitBreaker breaker) {
        this.breaker = breaker;
    }

    /** A permit, or a transient failure when the breaker refuses calls. */
    static BreakerPermit acquire(CircuitBreaker breaker, String registration, ConnectionId connection) {
        if (!breaker.tryAcquirePermission()) {
            throw new TransientFailureException(registration, connection, 0, "the circuit breaker of registration '"
                    + registration + "' is " + breaker.getState() + "; not calling the provider's API", null);
        }
        return new BreakerPermit(breaker);
    }

    /** Records the answer: a transient status (5xx, 408) as a failure, anything else as a success. */
    void answered(int status, String registration, ConnectionId connection) {
        if (HttpStatusFailures.kind(status) == FailureKind.TRANSIENT) {
            failed(new TransientFailureException(registration, connection, status, "the API answered HTTP " + status,
                    null));
        } else if (settled.compareAndSet(false, true)) {
            breaker.onSuccess(elapsed(), TimeUnit.NANOSECONDS);
        }
    }

    void failed(Throwable failure) {
        if (settled.compareAndSet(false, true)) {
            breaker.onError(elapsed(), TimeUnit.NANOSECONDS, failure);
        }
    }

    /** Gives the permission back without recording an outcome. */
    void release() {
        if (settled.compareAndSet(false, true)) {
            breaker.releasePermission();
        }
    }

    private long elapsed() {
        return System.nanoTime() - startNanos;
    }
}
