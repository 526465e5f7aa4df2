package io.github.saasconnect.store;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * Pending authorizations in this JVM's memory: right for one instance with the in-memory token store, and for
 * tests. Expired entries are dropped whenever a new one is saved.
 */
public final class InMemoryPendingAuthorizationStore implements PendingAuthorizationStore {

    private final ConcurrentHashMap<String, PendingAuthorization> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    /** A store that drops expired entries by the system clock. */
    public InMemoryPendingAuthorizationStore() {
        this(Clock.systemUTC());
    }

    /** A store that drops expired entries by {@code clock}. */
    public InMemoryPendingAuthorizationStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Mono<Void> save(PendingAuthorization authorization) {
        Objects.requireNonNull(authorization, "authorization");
        return Mono.fromRunnable(() -> {
            var now = clock.instant();
            entries.values().removeIf(p -> p.expiredAt(now));
            entries.put(authorization.key(), authorization);
        });
    }

    @Override
    public Mono<PendingAuthorization> take(String key) {
        return Mono.fromSupplier(() -> entries.remove(PendingAuthorization.requireKey(key)));
    }

    @Override
    public String name() {
        return "memory";
    }

    /** How many entries are kept (expired ones included until the next save). */
    public int size() {
        return entries.size();
    }
}
