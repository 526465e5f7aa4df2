package io.github.saasconnect.store;

import io.github.saasconnect.connection.ConnectionId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Mono;

/**
 * {@link JobClaims} in memory, for the {@link InMemoryTokenStore} (which removes a connection's claims with it): the
 * replicas are the jobs of one process. For tests and demos only.
 */
public final class InMemoryJobClaims implements JobClaims {

    private final ConcurrentMap<Key, StoredClaim> claims = new ConcurrentHashMap<>();

    @Override
    public Mono<ClaimOutcome> claim(JobClaim claim) {
        return Mono.fromSupplier(() -> {
            ClaimOutcome[] outcome = new ClaimOutcome[1];
            claims.compute(Key.of(claim), (key, current) -> {
                outcome[0] = StoredClaim.decide(current, claim);
                return outcome[0].mine() ? StoredClaim.of(claim) : current;
            });
            return outcome[0];
        });
    }

    @Override
    public Mono<Boolean> complete(JobClaim claim) {
        return Mono.fromSupplier(() -> {
            boolean[] completed = new boolean[1];
            claims.computeIfPresent(Key.of(claim), (key, current) -> {
                completed[0] = current.heldBy(claim);
                return completed[0] ? current.completed() : current;
            });
            return completed[0];
        });
    }

    /** Forgets every claim on {@code id}, when the connection is deleted. */
    void forget(ConnectionId id) {
        claims.keySet().removeIf(key -> key.connection().equals(id));
    }

    /** How many claims are kept, for tests. */
    int size() {
        return claims.size();
    }

    private record Key(String job, ConnectionId connection) {
        static Key of(JobClaim claim) {
            return new Key(claim.job(), claim.connection());
        }
    }
}
