package io.github.saasconnect.testkit.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Faults waiting for the next requests, per kind of endpoint. Queued faults are used once each, in order; a standing
 * fault applies to every request until cleared. Thread-safe.
 */
public final class Faults {

    private final Map<Endpoint, Deque<Fault>> queued = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Fault> standing = new EnumMap<>(Endpoint.class);

    Faults() {}

    /** The next requests to endpoints of this kind get these faults, one each, in order. */
    public synchronized Faults next(Endpoint endpoint, Fault... faults) {
        Objects.requireNonNull(endpoint, "endpoint");
        Deque<Fault> queue = queued.computeIfAbsent(endpoint, key -> new ArrayDeque<>());
        for (Fault fault : faults) {
            queue.addLast(Objects.requireNonNull(fault, "fault"));
        }
        return this;
    }

    /** Shorthand for {@code next(Endpoint.TOKEN, faults)}. */
    public Faults nextTokenResponse(Fault... faults) {
        return next(Endpoint.TOKEN, faults);
    }

    /** Shorthand for {@code next(Endpoint.API, faults)}. */
    public Faults nextApiResponse(Fault... faults) {
        return next(Endpoint.API, faults);
    }

    /** Shorthand for {@code next(Endpoint.USERINFO, faults)}. */
    public Faults nextUserInfoResponse(Fault... faults) {
        return next(Endpoint.USERINFO, faults);
    }

    /** Shorthand for {@code next(Endpoint.REVOCATION, faults)}. */
    public Faults nextRevocationResponse(Fault... faults) {
        return next(Endpoint.REVOCATION, faults);
    }

    /** Every request to endpoints of this kind gets {@code fault} (after any queued ones) until {@link #clear()}. */
    public synchronized Faults always(Endpoint endpoint, Fault fault) {
        standing.put(Objects.requireNonNull(endpoint, "endpoint"), Objects.requireNonNull(fault, "fault"));
        return this;
    }

    /** How many queued faults are still waiting for this kind of endpoint. */
    public synchronized int pending(Endpoint endpoint) {
        Deque<Fault> queue = queued.get(endpoint);
        return queue == null ? 0 : queue.size();
    }

    /** Drops queued and standing faults for every endpoint. */
    public synchronized void clear() {
        queued.clear();
        standing.clear();
    }

    /** Drops queued and standing faults for one kind of endpoint. */
    public synchronized void clear(Endpoint endpoint) {
        queued.remove(endpoint);
        standing.remove(endpoint);
    }

    synchronized Optional<Fault> take(Endpoint endpoint) {
        Deque<Fault> queue = queued.get(endpoint);
        if (queue != null && !queue.isEmpty()) {
            return Optional.of(queue.removeFirst());
        }
        return Optional.ofNullable(standing.get(endpoint));
    }
}
