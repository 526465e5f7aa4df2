package io.github.saasconnect.store.vault;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.failure.StoreUnavailableException;
import io.github.saasconnect.resilience.Backoff;
import io.github.saasconnect.store.ConnectionKey;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.JobClaims;
import io.github.saasconnect.store.StaleVersionException;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.store.crypto.RecordCipher;
import java.time.Duration;
import java.util.Objects;
import org.springframework.vault.core.ReactiveVaultOperations;
import org.springframework.vault.core.VaultOperations;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The production {@link TokenStore}: HashiCorp Vault (or OpenBao) KV v2 through Spring Vault, shared by every
 * instance of an application. Layout and policy: {@link VaultStoreLayout}; operator's guide: {@code vault/VAULT-STORE.md}.
 *
 * <ul>
 *   <li><b>Versions.</b> A record's version is its KV v2 secret version. Every write sends {@code options.cas}
 *       with the expected version ({@code 0}: only if absent), so Vault itself decides the race; a lost race
 *       ({@code 400 check-and-set parameter did not match the current version}) is a
 *       {@link StaleVersionException}.</li>
 *   <li><b>Few old tokens.</b> A new key gets metadata {@code max_versions} (default 2) and {@code cas_required},
 *       so superseded refresh tokens are pruned and no tool can write the key without check-and-set.</li>
 *   <li><b>Disconnect is permanent.</b> {@link #delete} removes the key's metadata and every version.</li>
 *   <li><b>No ABA after a delete.</b> After a delete the versions restart at 1, so a write prepared against the
 *       old connection could match a new one. The key's custom metadata carries the record's {@code generation},
 *       and every write answer shows it. A write of an older connection's record (another generation, an
 *       earlier {@code connectedAt}) over a newer connection's version is detected, that version is written
 *       back, and the caller gets a {@link StaleVersionException}. Writing a newer generation over an older one
 *       (a reconnect over the old record) is allowed.</li>
 *   <li><b>Ambiguous writes.</b> Each write carries a unique {@code _write_id} in the secret. When the answer is
 *       lost (timeout, dropped connection, 5xx) the store reads the key: its own write id means the write landed;
 *       otherwise it reports the store unavailable (or stale, when someone else wrote). It never writes blindly
 *       again.</li>
 *   <li><b>Failures.</b> Sealed (503), 429, other 5xx, I/O errors and timeouts are
 *       {@link StoreUnavailableException}: reads and rejected writes are retried a few times with backoff, and a
 *       circuit breaker of its own (not the providers') stops calling a Vault that keeps failing. 403 is a
 *       {@link VaultStoreMisconfiguredException} naming the policy the store needs.</li>
 * </ul>
 */
public final class VaultTokenStore implements TokenStore {

    static final String NAME = "vault";

    private final VaultKeyValue kv;
    private final VaultStoreLayout layout;
    private final int maxVersions;
    private final VaultCallPolicy calls;
    private final ConnectionSecrets secrets;
    private final WriteSettlement settlement;
    private final GenerationGuard generations;
    private final ConnectionPages pages;
    private final VaultJobClaims claims;

    private VaultTokenStore(Builder b) {
        this.layout = b.ownerNames != null ? b.layout.withOwnerNames(b.ownerNames) : b.layout;
        this.kv = b.reactive != null
                ? new ReactiveVaultKeyValue(b.reactive, layout.mount())
                : new BlockingVaultKeyValue(b.blocking, layout.mount(), b.scheduler);
        this.maxVersions = b.maxVersions;
        this.calls = new VaultCallPolicy(
                b.requestTimeout, b.maxAttempts, b.backoff, b.maxRetryAfter, b.breakerName, b.breakerConfig);
        this.secrets = new ConnectionSecrets(layout, b.cipher);
        this.settlement = new WriteSettlement(kv, calls);
        this.generations =
                new GenerationGuard(kv, calls, layout, new KeyMetadataWriter(kv, calls, layout, maxVersions));
        this.pages = new ConnectionPages(kv, calls, layout, secrets);
        this.claims = new VaultJobClaims(kv, calls, layout);
    }

    /**
     * The job claims kept beside the records, under {@code {prefix}/_claims/} in the same mount (see
     * {@link JobClaims}): every instance on this Vault shares them. Deleting a connection deletes its claims.
     */
    public JobClaims jobClaims() {
        return claims;
    }

    /** A builder for a store that talks to Vault through {@code operations} (WebClient, nothing blocks). */
    public static Builder builder(ReactiveVaultOperations operations) {
        return new Builder(Objects.requireNonNull(operations, "operations"), null);
    }

    /**
     * A builder for a store that talks to Vault through the blocking {@code operations} (a {@code VaultTemplate}),
     * calling it on a blocking-friendly scheduler.
     */
    public static Builder builder(VaultOperations operations) {
        return new Builder(null, Objects.requireNonNull(operations, "operations"));
    }

    /** The client, for the pending-authorization store beside this one. */
    VaultKeyValue keyValue() {
        return kv;
    }

    /** The call policy, which the pending-authorization store beside this one shares. */
    VaultCallPolicy calls() {
        return calls;
    }

    /** Where this store keeps connections. */
    public VaultStoreLayout layout() {
        return layout;
    }

    /** The store's own circuit breaker (it records only {@link StoreUnavailableException}), for metrics and health. */
    public CircuitBreaker circuitBreaker() {
        return calls.breaker();
    }

    @Override
    public Mono<VersionedRecord> read(ConnectionId id) {
        Objects.requireNonNull(id, "id");
        String path = layout.keyPath(id);
        return guarded(
                id,
                id.registration(),
                "read",
                Mono.defer(() -> calls.idempotent(kv.get(path)))
                        .flatMap(v -> secrets.offload(() -> secrets.toRecord(id, path, v))));
    }

    @Override
    public Mono<Long> write(ConnectionRecord record, long expectedVersion) {
        Objects.requireNonNull(record, "record");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must be 0 or more but was " + expectedVersion);
        }
        ConnectionId id = record.id();
        if (expectedVersion > Integer.MAX_VALUE) {
            return Mono.error(new StaleVersionException(id, expectedVersion));
        }
        int cas = (int) expectedVersion;
        String path = layout.keyPath(id);
        return guarded(
                id,
                id.registration(),
                "write",
                Mono.defer(() -> secrets.offload(() -> secrets.toData(record, path))
                        .flatMap(data -> settlement.write(id, path, data, cas))
                        .flatMap(landed -> generations.afterWrite(record, path, cas, landed))));
    }

    @Override
    public Mono<Void> delete(ConnectionId id) {
        Objects.requireNonNull(id, "id");
        String path = layout.keyPath(id);
        return guarded(id, id.registration(), "delete", Mono.defer(() -> calls.idempotent(kv.deleteMetadata(path))))
                .then(Mono.defer(() -> claims.forget(id)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each page lists the registration's folder once and, for each owner the page reaches that has named accounts,
     * the owner's folder once (Vault returns names unordered, so they are sorted here: an owner's default connection,
     * then its accounts, then the next owner), and reads the page's records, a few at a time. The cursor is the last
     * name of the page. Secrets that cannot be read are reported in {@link ConnectionPage#unreadable()}, with a
     * warning that names only their path.
     */
    @Override
    public Mono<ConnectionPage> list(String registration, String cursor, int pageSize) {
        layout.registrationFolder(registration); // refuses an invalid registration before anything else
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1 but was " + pageSize);
        }
        if (cursor != null && !VaultStoreLayout.isConnectionName(cursor)) {
            throw new IllegalArgumentException("cursor is not one the Vault store returned: pass null for the first "
                    + "page, then the previous page's nextCursor");
        }
        return guarded(null, registration, "list", pages.page(registration, cursor, pageSize));
    }

    /**
     * {@inheritDoc}
     *
     * <p>One GET of the default connection's secret and, beside it, one LIST of the owner's folder of named accounts,
     * then a read of each account's secret: no listing of the registration.
     */
    @Override
    public Flux<VersionedRecord> accounts(String registration, String owner) {
        ConnectionId id = ConnectionId.of(registration, owner);
        return guarded(
                        id,
                        registration,
                        "accounts",
                        Mono.defer(() -> pages.accounts(registration, owner).collectList()))
                .flatMapIterable(records -> records);
    }

    /**
     * Makes sure the keys under the prefix are named the way this store names them; call once before the store is
     * used (the auto-configuration does, at startup). {@code {prefix}/_layout} records the naming and a check value
     * of the secret:
     * <ul>
     *   <li>with an owner digest secret and no record yet, keys of the unkeyed naming of earlier versions are moved
     *       to their keyed paths (new key written by check-and-set, then the old one deleted, so nothing is lost and
     *       several instances starting together agree) when {@code migrate} is true; when it is false and any exist,
     *       this fails with {@link io.github.saasconnect.store.StoreMigrationRequiredException};</li>
     *   <li>a store whose record names another secret, or keyed names while this store has no secret, fails with
     *       {@link VaultStoreMisconfiguredException}: its connections would silently look absent.</li>
     * </ul>
     *
     * @return how many connections were moved
     */
    public Mono<Integer> prepareOwnerNames(boolean migrate) {
        return new OwnerNameMigration(kv, calls, layout, secrets, pages, this).run(migrate);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String toString() {
        return "VaultTokenStore[" + layout.mount() + "/data/" + layout.prefix() + "/, maxVersions=" + maxVersions + "]";
    }

    private <T> Mono<T> guarded(ConnectionId id, String registration, String operation, Mono<T> work) {
        return calls.guarded(id, registration, "token store's " + operation, layout, work)
                .onErrorResume(
                        VaultStoreMisconfiguredException.class,
                        e -> e.status() == 403 ? tellTokenFromPolicy(e, id, registration) : Mono.error(e));
    }

    /**
     * Vault answers 403 both to a policy that denies the path and to a token it no longer knows (expired, revoked): one
     * lookup of the token itself, which any valid token may make, tells them apart.
     */
    private <T> Mono<T> tellTokenFromPolicy(
            VaultStoreMisconfiguredException denied, ConnectionId id, String registration) {
        return kv.tokenKnown()
                .onErrorReturn(true)
                .flatMap(known -> Mono.error(
                        known
                                ? denied
                                : new VaultStoreMisconfiguredException(
                                        id,
                                        registration,
                                        403,
                                        true,
                                        "Vault refused the store's token itself: it is expired, revoked or unknown "
                                                + "(even its own lookup was denied), so this is not the policy. "
                                                + "Give the store a valid token (saas-connect.store.vault.token, "
                                                + "or the client's login), and make a long-lived one periodic "
                                                + "(vault token create -period=24h) so the store's client renews "
                                                + "it")));
    }

    /** Settings of a {@link VaultTokenStore}; every setting has a default. */
    public static final class Builder {

        private final ReactiveVaultOperations reactive;
        private final VaultOperations blocking;
        private VaultStoreLayout layout = VaultStoreLayout.defaults();
        private ConnectionKey ownerNames; // applied to whatever layout is set, in any order
        private int maxVersions = 2;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private int maxAttempts = 3;
        private Backoff backoff = new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(2));
        private Duration maxRetryAfter = Duration.ofSeconds(5);
        private Scheduler scheduler = Schedulers.boundedElastic();
        private RecordCipher cipher;
        private String breakerName = "saas-connect-vault-store";
        private CircuitBreakerConfig breakerConfig = CircuitBreakerConfig.custom()
                .failureRateThreshold(50)
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .waitDurationInOpenState(Duration.ofSeconds(5))
                .permittedNumberOfCallsInHalfOpenState(2)
                .build();

        private Builder(ReactiveVaultOperations reactive, VaultOperations blocking) {
            this.reactive = reactive;
            this.blocking = blocking;
        }

        /** Mount and prefix; default {@code secret} and {@code saas-connect/connections}. */
        public Builder layout(VaultStoreLayout layout) {
            this.layout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        /**
         * Names connections by an HMAC-SHA256 keyed with {@code secret} (at least 32 bytes, copied) instead of the
         * unkeyed SHA-256 of earlier versions; see {@link VaultTokenStore#prepareOwnerNames}.
         */
        public Builder ownerDigestSecret(byte[] secret) {
            this.ownerNames = ConnectionKey.keyed(secret);
            return this;
        }

        /** The KV v2 mount; default {@code secret}. */
        public Builder mount(String mount) {
            return layout(new VaultStoreLayout(mount, layout.prefix(), layout.ownerNames()));
        }

        /** The folder inside the mount; default {@code saas-connect/connections}. */
        public Builder prefix(String prefix) {
            return layout(new VaultStoreLayout(layout.mount(), prefix, layout.ownerNames()));
        }

        /**
         * How many versions of each connection Vault keeps; default 2 (the current one and the one it replaced,
         * which the ABA check reads). Old refresh tokens are pruned beyond it. At least 2. Vault applies the
         * larger of this and the engine's {@code max_versions}.
         */
        public Builder maxVersions(int maxVersions) {
            if (maxVersions < 2) {
                throw new IllegalArgumentException("maxVersions must be at least 2 but was " + maxVersions);
            }
            this.maxVersions = maxVersions;
            return this;
        }

        /** The most one Vault request may take; default 10 s. A write that takes longer is settled by a read. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        /**
         * Attempts per read (and per write Vault turned away with 429 or 503), including the first; default 3.
         * Waits follow {@code backoff} (default from 100 ms doubling up to 2 s), with jitter; a longer
         * {@code Retry-After} is honoured up to {@code maxRetryAfter} (default 5 s).
         */
        public Builder retry(int maxAttempts, Backoff backoff, Duration maxRetryAfter) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1 but was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            this.maxRetryAfter = Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
            return this;
        }

        /**
         * The store's circuit breaker. Whatever the config says, only {@link StoreUnavailableException} counts
         * as a failure. Default: opens at 50% failures over the last 20 calls (at least 10), for 5 s.
         */
        public Builder circuitBreaker(String name, CircuitBreakerConfig config) {
            this.breakerName = Objects.requireNonNull(name, "name");
            this.breakerConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Seals each secret's access and refresh tokens with {@code cipher} (defence in depth: someone who may read
         * the KV secret still needs the key wrapper, such as Vault Transit, to see them). Secrets written before stay
         * readable and are sealed by their next write. Default: none.
         */
        public Builder recordCipher(RecordCipher cipher) {
            this.cipher = Objects.requireNonNull(cipher, "cipher");
            return this;
        }

        /** Where calls of a blocking {@code VaultOperations} run; default {@link Schedulers#boundedElastic()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        public VaultTokenStore build() {
            return new VaultTokenStore(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive but was " + d);
            }
            return d;
        }
    }
}
