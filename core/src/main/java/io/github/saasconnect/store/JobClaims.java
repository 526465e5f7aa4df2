package io.github.saasconnect.store;

import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Claims that let several replicas run one scheduled job over the same connections and process each connection once
 * per period (the shared mode of {@code ConnectionJobs}, and the keep-alive sweep). A replica
 * {@linkplain #claim claims} a connection for the job's current period before it works on it, and
 * {@linkplain #complete completes} the claim after; a replica that finds the claim done, or held by another replica
 * whose claim has not lapsed, leaves the connection alone. A replica that dies mid-run leaves claims in progress: once
 * they lapse, the next replica to run the job in that period takes them over.
 *
 * <p>Each store keeps its claims beside its records, in a keyspace of their own, so claiming never writes the
 * connection's record (its version, which the refresh lease and every token write compare, stays untouched). Claims are
 * named by the same keyed owner digest as the records: no owner id appears in a claim's key. There is one claim per job
 * and connection, overwritten period after period, and it is removed with the connection: claims do not pile up.
 *
 * <p>Every decision is a compare-and-set in the store ({@link StoredClaim#decide} says which); two replicas claiming
 * the same connection at the same moment get one {@link ClaimOutcome#CLAIMED} and one {@link ClaimOutcome#HELD_BY_OTHER}.
 * Like the records, claims report an unreachable backend with
 * {@link io.github.saasconnect.failure.StoreUnavailableException}.
 */
public interface JobClaims {

    /** Tries to claim {@code claim.connection()} for {@code claim.job()}'s period {@code claim.periodStart()}. */
    Mono<ClaimOutcome> claim(JobClaim claim);

    /**
     * Tries to claim each of {@code claims}, as {@link #claim} would, and answers their outcomes in the same order. A
     * shared job claims the connections of each listed page this way. Each claim is decided on its own (the batch is
     * not all-or-nothing), and the same job and connection should appear once. The default claims one after the
     * other; stores that can decide many claims in one round trip override it (the JDBC store: one statement).
     *
     * <p>Fails as a whole when a claim cannot be decided (a connection the store does not hold, an unreachable
     * backend), although some may have been taken: callers that must keep connections apart claim them one by one
     * then, and the claims they already hold are claimed {@linkplain ClaimOutcome#CLAIMED again}.
     */
    default Mono<List<ClaimOutcome>> claimAll(List<JobClaim> claims) {
        List<JobClaim> all = List.copyOf(claims);
        return Flux.fromIterable(all).concatMap(this::claim).collectList();
    }

    /**
     * Marks the claim done for its period, so that no replica processes the connection again in it.
     *
     * @return {@code true}, or {@code false} when the claim is no longer this holder's (it lapsed and another replica
     *     took it over, or the period moved on): the connection may then have been processed twice
     */
    Mono<Boolean> complete(JobClaim claim);
}
