package io.github.saasconnect.connect;

import io.github.saasconnect.connection.ConnectionId;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The authorizations this flow started and that still wait, per owner and registration, oldest first: when one
 * more is started beyond the limit the oldest are handed back to be removed from the pending store. Without it a
 * page that makes a signed-in browser start flows in a loop fills the pending store (500 starts were 500 files).
 *
 * <p>It counts what this instance started: the pending store itself has no index by owner, and with several
 * instances behind a balancer each keeps at most the limit, so the store holds at most instances × limit per owner
 * and registration. Entries are forgotten when taken or expired, so the memory it takes is bounded by the starts of
 * one state lifetime.
 */
final class PendingLimit {

    /** How many starts between two passes that forget the owners whose every start has expired. */
    private static final int FORGET_EVERY = 256;

    private final int max;
    private final ConcurrentHashMap<ConnectionId, Deque<Started>> started = new ConcurrentHashMap<>();
    private final AtomicInteger startsSinceForget = new AtomicInteger();

    PendingLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1 but was " + max);
        }
        this.max = max;
    }

    /**
     * Records a started authorization of {@code connection}.
     *
     * @return the keys of the oldest waiting ones beyond the limit, to remove from the pending store
     */
    List<String> started(ConnectionId connection, String key, Instant expiresAt, Instant now) {
        List<String> replaced = new ArrayList<>(1);
        started.compute(connection, (id, waiting) -> {
            Deque<Started> d = waiting == null ? new ArrayDeque<>() : waiting;
            d.removeIf(s -> !now.isBefore(s.expiresAt()));
            d.addLast(new Started(key, expiresAt));
            while (d.size() > max) {
                replaced.add(d.removeFirst().key());
            }
            return d;
        });
        if (startsSinceForget.incrementAndGet() >= FORGET_EVERY) {
            startsSinceForget.set(0);
            forgetExpired(now);
        }
        return replaced;
    }

    /** The authorization under {@code key} was taken: it no longer counts. */
    void taken(ConnectionId connection, String key) {
        started.computeIfPresent(connection, (id, d) -> {
            d.removeIf(s -> s.key().equals(key));
            return d.isEmpty() ? null : d;
        });
    }

    /** How many authorizations of {@code connection} are counted as waiting. */
    int waiting(ConnectionId connection) {
        Deque<Started> d = started.get(connection);
        return d == null ? 0 : d.size();
    }

    private void forgetExpired(Instant now) {
        for (ConnectionId id : started.keySet()) {
            started.computeIfPresent(id, (k, d) -> {
                d.removeIf(s -> !now.isBefore(s.expiresAt()));
                return d.isEmpty() ? null : d;
            });
        }
    }

    private record Started(String key, Instant expiresAt) {}
}
