package io.github.saasconnect.store.vault;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.ClaimOutcome;
import io.github.saasconnect.store.JobClaim;
import io.github.saasconnect.store.JobClaims;
import io.github.saasconnect.store.StoredClaim;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.vault.support.Versioned;
import reactor.core.publisher.Mono;

/**
 * The {@link JobClaims} of a {@link VaultTokenStore}, in the same KV v2 mount under the store's prefix:
 *
 * <pre>
 * {mount}/data/{prefix}/_claims/{job}/{registration}/{key}    one job's claim on one connection
 * </pre>
 *
 * {@code key} is the connection's keyed name (see {@link VaultStoreLayout}), so a LIST shows no owner id here either,
 * and the store's documented policy ({@code {prefix}/*}) already covers these paths. A claim is a small secret (period,
 * holder, lapse, done; nothing secret) written with check-and-set on its own KV version: Vault decides which replica
 * wins, and the connection's record and its version are never touched. A lost race re-reads the claim and decides
 * again (a client that resent our own write finds itself the holder and claims again). Deleting a connection deletes
 * its claims; the versions a claim keeps are bounded by the mount's {@code max_versions}.
 */
final class VaultJobClaims implements JobClaims {

    private static final Logger log = LoggerFactory.getLogger(VaultJobClaims.class);
    private static final String FOLDER = "_claims";
    private static final int ATTEMPTS = 3;

    private final VaultKeyValue kv;
    private final VaultCallPolicy calls;
    private final VaultStoreLayout layout;

    VaultJobClaims(VaultKeyValue kv, VaultCallPolicy calls, VaultStoreLayout layout) {
        this.kv = kv;
        this.calls = calls;
        this.layout = layout;
    }

    @Override
    public Mono<ClaimOutcome> claim(JobClaim claim) {
        String path = path(claim.job(), claim.connection());
        return guarded(claim.connection(), "claim", attempt(claim, path, 1));
    }

    private Mono<ClaimOutcome> attempt(JobClaim claim, String path, int attempt) {
        return Mono.defer(() -> calls.idempotent(kv.get(path)))
                .map(Current::of)
                .defaultIfEmpty(Current.NONE)
                .flatMap(current -> {
                    ClaimOutcome outcome = StoredClaim.decide(current.claim(), claim);
                    if (!outcome.mine()) {
                        return Mono.just(outcome);
                    }
                    return calls.checkAndSet(kv.put(path, data(StoredClaim.of(claim)), current.version()))
                            .thenReturn(outcome)
                            .onErrorResume(
                                    e -> VaultErrors.classify(e).kind() == VaultErrors.Kind.CAS_MISMATCH
                                            && attempt < ATTEMPTS,
                                    e -> attempt(claim, path, attempt + 1));
                })
                // a third lost race in a row: others are at it, leave the connection to them
                .onErrorResume(
                        e -> VaultErrors.classify(e).kind() == VaultErrors.Kind.CAS_MISMATCH,
                        e -> Mono.just(ClaimOutcome.HELD_BY_OTHER));
    }

    @Override
    public Mono<Boolean> complete(JobClaim claim) {
        String path = path(claim.job(), claim.connection());
        return guarded(
                claim.connection(),
                "claim completion",
                Mono.defer(() -> calls.idempotent(kv.get(path)))
                        .map(Current::of)
                        .flatMap(current -> {
                            StoredClaim stored = current.claim();
                            if (stored == null || !stored.heldBy(claim)) {
                                return Mono.just(false);
                            }
                            return calls.checkAndSet(kv.put(path, data(stored.completed()), current.version()))
                                    .thenReturn(true)
                                    // taken over between the read and the write
                                    .onErrorResume(
                                            e -> VaultErrors.classify(e).kind() == VaultErrors.Kind.CAS_MISMATCH,
                                            e -> Mono.just(false));
                        })
                        .defaultIfEmpty(false));
    }

    /**
     * Deletes every job's claim on {@code id}: one LIST of the jobs, one metadata delete per job. A failure is logged
     * and swallowed: the connection is gone already, and a claim left behind is harmless (a new connection of the same
     * owner is claimed afresh next period at the latest).
     */
    Mono<Void> forget(ConnectionId id) {
        String jobs = layout.prefix() + "/" + FOLDER + "/";
        return calls.idempotent(kv.list(jobs).collectList())
                .flatMapIterable(names -> names)
                .filter(name -> name.endsWith("/"))
                .concatMap(job ->
                        calls.idempotent(kv.deleteMetadata(jobs + job + id.registration() + "/" + layout.digest(id))))
                .then()
                .onErrorResume(e -> {
                    log.warn(
                            "could not delete the job claims of {} after deleting it ({}); they are harmless",
                            id,
                            e.getClass().getSimpleName());
                    return Mono.empty();
                });
    }

    private String path(String job, ConnectionId id) {
        return layout.prefix() + "/" + FOLDER + "/" + job + "/" + id.registration() + "/" + layout.digest(id);
    }

    private <T> Mono<T> guarded(ConnectionId id, String operation, Mono<T> work) {
        return calls.guarded(id, id.registration(), "job claims' " + operation, layout, work);
    }

    private static Map<String, Object> data(StoredClaim claim) {
        return new LinkedHashMap<>(claim.toMap());
    }

    /** The stored claim and the KV version to check-and-set against (0: none yet). */
    private record Current(StoredClaim claim, int version) {

        static final Current NONE = new Current(null, 0);

        static Current of(Versioned<Map<String, Object>> v) {
            int version = v.getVersion() == null ? 0 : v.getVersion().getVersion();
            if (!v.hasData()) {
                // the latest version deleted by hand: no claim, but the next write must name that version
                return new Current(null, version);
            }
            try {
                return new Current(StoredClaim.fromMap(v.getRequiredData()), version);
            } catch (IllegalArgumentException damaged) {
                // not worth stopping a job for: a damaged claim counts as none and is overwritten
                return new Current(null, version);
            }
        }
    }
}
