package io.github.saasconnect.store.vault;

import io.github.saasconnect.store.PendingAuthorization;
import io.github.saasconnect.store.PendingAuthorizationCodec;
import io.github.saasconnect.store.PendingAuthorizationStore;
import io.github.saasconnect.store.StaleVersionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.vault.support.Versioned;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Pending authorizations in the same Vault as a {@link VaultTokenStore}, so that a callback can land on any
 * instance. One secret per entry at {@code {mount}/data/{prefix}/{key}}, where {@code key} is
 * {@link PendingAuthorization#key()} (a digest of the state; the state itself never reaches Vault) and
 * {@code prefix} defaults to {@code pending} beside the token store's folder ({@code saas-connect/pending} for
 * the default {@code saas-connect/connections}). The PKCE verifier is kept in the secret like the tokens are.
 *
 * <ul>
 *   <li>{@link #save} creates the secret with {@code cas:0}: one request.</li>
 *   <li>{@link #take} reads it, replaces it by a tombstone with {@code cas} on the version read (of concurrent
 *       takers on any instance exactly one succeeds), then removes the key's metadata and every version for
 *       good: three requests. A lost answer to the tombstone write is settled by its write id.</li>
 *   <li>Entries never taken are removed by a sweep that a {@link #save} starts at most once per sweep interval
 *       (default 10 minutes, the first one interval after the store was made) on each instance: it lists the
 *       folder and removes entries past their expiry.</li>
 * </ul>
 * It shares the token store's client, retries and circuit breaker; its failures are the token store's
 * ({@code StoreUnavailableException}, {@link VaultStoreMisconfiguredException} naming this folder's policy).
 */
public final class VaultPendingAuthorizationStore implements PendingAuthorizationStore {

    private static final Logger log = LoggerFactory.getLogger(VaultPendingAuthorizationStore.class);
    private static final String TAKEN = "_taken";
    private static final Duration GRACE = Duration.ofMinutes(1);

    private final VaultKeyValue kv;
    private final VaultCallPolicy calls;
    private final VaultStoreLayout layout;
    private final Clock clock;
    private final Duration sweepInterval;
    private final PendingAuthorizationCodec codec = new PendingAuthorizationCodec();
    private final AtomicLong nextSweep;

    private VaultPendingAuthorizationStore(VaultTokenStore tokens, String prefix, Clock clock, Duration sweepInterval) {
        this.kv = tokens.keyValue();
        this.calls = tokens.calls();
        this.layout = new VaultStoreLayout(tokens.layout().mount(), prefix);
        this.clock = clock;
        this.sweepInterval = sweepInterval;
        this.nextSweep = new AtomicLong(clock.millis() + sweepInterval.toMillis());
    }

    /**
     * A store beside {@code tokens}: same Vault, same mount, folder {@code pending} next to the token store's
     * folder, expiry by {@code clock}, a sweep at most every 10 minutes.
     */
    public static VaultPendingAuthorizationStore besides(VaultTokenStore tokens, Clock clock) {
        return besides(tokens, defaultPrefix(tokens.layout().prefix()), clock, Duration.ofMinutes(10));
    }

    /** A store beside {@code tokens} in folder {@code prefix} of the same mount. */
    public static VaultPendingAuthorizationStore besides(
            VaultTokenStore tokens, String prefix, Clock clock, Duration sweepInterval) {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        if (prefix.equals(tokens.layout().prefix())) {
            throw new IllegalArgumentException(
                    "pending authorizations need a folder of their own, not the token " + "store's '" + prefix + "'");
        }
        return new VaultPendingAuthorizationStore(tokens, prefix, clock, sweepInterval);
    }

    /** Where the entries live: mount and folder (its {@link VaultStoreLayout#policy()} is what it needs). */
    public VaultStoreLayout layout() {
        return layout;
    }

    @Override
    public Mono<Void> save(PendingAuthorization authorization) {
        Objects.requireNonNull(authorization, "authorization");
        String path = path(authorization.key());
        Map<String, Object> data = codec.toMap(authorization);
        WriteId.random().addTo(data);
        Mono<Void> write = calls.checkAndSet(kv.put(path, data, 0))
                .then()
                .onErrorMap(
                        e -> VaultErrors.classify(e).kind() == VaultErrors.Kind.CAS_MISMATCH,
                        e -> new IllegalStateException("a pending authorization with this key exists already; "
                                + "states must be random and single-use"));
        return guarded("save", write).doOnSuccess(done -> sweepIfDue());
    }

    @Override
    public Mono<PendingAuthorization> take(String key) {
        String path = path(PendingAuthorization.requireKey(key));
        return guarded("take", read(path).flatMap(current -> {
            Map<String, Object> data = current.getRequiredData();
            if (data.containsKey(TAKEN)) {
                return Mono.empty();
            }
            PendingAuthorization entry;
            try {
                entry = codec.fromMap(data);
            } catch (RuntimeException e) {
                log.warn(
                        "Removing unreadable pending authorization {}: {}",
                        layout.mount() + "/data/" + path,
                        e instanceof IllegalArgumentException
                                ? e.getMessage()
                                : e.getClass().getSimpleName());
                return remove(path).then(Mono.empty());
            }
            WriteId writeId = WriteId.random();
            Map<String, Object> tombstone = new LinkedHashMap<>();
            tombstone.put(TAKEN, true);
            tombstone.put("expires_at", entry.expiresAt().toString());
            writeId.addTo(tombstone);
            int version = current.getVersion().getVersion();
            return calls.checkAndSet(kv.put(path, tombstone, version))
                    .thenReturn(true)
                    .onErrorResume(e -> !VaultCallPolicy.isOurs(e), e -> settleTake(path, writeId, e))
                    .flatMap(won -> won ? remove(path).thenReturn(entry) : Mono.empty());
        }));
    }

    @Override
    public String name() {
        return "vault";
    }

    @Override
    public String toString() {
        return "VaultPendingAuthorizationStore[" + layout.mount() + "/data/" + layout.prefix() + "/]";
    }

    /** Did our tombstone land although its answer was lost (or it lost the race)? Read and see. */
    private Mono<Boolean> settleTake(String path, WriteId writeId, Throwable error) {
        VaultErrors.Failure failure = VaultErrors.classify(error);
        if (failure.kind() == VaultErrors.Kind.PERMISSION_DENIED
                || failure.kind() == VaultErrors.Kind.NO_SUCH_MOUNT
                || failure.kind() == VaultErrors.Kind.REFUSED) {
            return Mono.error(error);
        }
        return calls.idempotent(kv.get(path))
                .map(writeId::made)
                .defaultIfEmpty(false)
                .onErrorMap(e -> error);
    }

    /** Removes the entry and every version of it; a failure is left to the sweep. */
    private Mono<Void> remove(String path) {
        return calls.idempotent(kv.deleteMetadata(path)).onErrorResume(e -> {
            log.debug(
                    "could not remove pending authorization {} ({}); the sweep will",
                    layout.mount() + "/data/" + path,
                    VaultErrors.classify(e).detail());
            return Mono.empty();
        });
    }

    private Mono<Versioned<Map<String, Object>>> read(String path) {
        return calls.idempotent(kv.get(path)).filter(Versioned::hasData);
    }

    private void sweepIfDue() {
        long now = clock.millis();
        long due = nextSweep.get();
        if (now < due || !nextSweep.compareAndSet(due, now + sweepInterval.toMillis())) {
            return;
        }
        sweep().subscribe(
                        removed -> {
                            if (removed > 0) {
                                log.debug(
                                        "removed {} expired pending authorization(s) from {}",
                                        removed,
                                        layout.mount() + "/data/" + layout.prefix());
                            }
                        },
                        e -> log.debug(
                                "sweep of expired pending authorizations failed ({}); the next save tries again later",
                                VaultErrors.classify(e).detail()));
    }

    /** Removes the entries (and leftover tombstones) past their expiry; completes with how many. */
    Mono<Long> sweep() {
        String folder = layout.prefix() + "/";
        Instant cutoff = clock.instant().minus(GRACE);
        return calls.idempotent(kv.list(folder).collectList())
                .flatMapMany(Flux::fromIterable)
                .filter(VaultStoreLayout::isKey)
                .flatMap(
                        key -> read(folder + key)
                                .filter(v -> expired(v.getRequiredData(), cutoff))
                                .flatMap(v -> remove(folder + key).thenReturn(1)),
                        4)
                .count();
    }

    private static boolean expired(Map<String, Object> data, Instant cutoff) {
        try {
            Object expiresAt = data.get("expires_at");
            return expiresAt == null || Instant.parse(expiresAt.toString()).isBefore(cutoff);
        } catch (java.time.format.DateTimeParseException e) {
            return true;
        }
    }

    private String path(String key) {
        return layout.prefix() + "/" + key;
    }

    private <T> Mono<T> guarded(String operation, Mono<T> work) {
        return calls.guarded(
                null,
                null,
                "pending-authorization store's " + operation,
                layout,
                work.onErrorMap(StaleVersionException.class, e -> new IllegalStateException(e.getMessage(), e)));
    }

    private static String defaultPrefix(String tokenPrefix) {
        int slash = tokenPrefix.lastIndexOf('/');
        return slash < 0 ? tokenPrefix + "-pending" : tokenPrefix.substring(0, slash) + "/pending";
    }
}
