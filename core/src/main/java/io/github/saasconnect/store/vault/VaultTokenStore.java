package io.github.saasconnect.store.vault;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.failure.StoreUnavailableException;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.ConnectionRecordCodec;
import io.github.saasconnect.store.StaleVersionException;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.vault.core.ReactiveVaultOperations;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultMetadataRequest;
import org.springframework.vault.support.Versioned;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The production {@link TokenStore}: HashiCorp Vault (or OpenBao) KV v2 through Spring Vault, shared by every
 * instance of an application. Layout and policy: {@link VaultStoreLayout}; operator's guide: {@code core/VAULT-STORE.md}.
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

    private static final Logger log = LoggerFactory.getLogger(VaultTokenStore.class);

    static final String NAME = "vault";
    /** The secret data field that names the write that made a version. */
    static final String WRITE_ID = "_write_id";
    /** The record field and custom metadata key that tell one connection from the one deleted before it. */
    static final String GENERATION = "generation";
    private static final int RESTORE_TRIES = 5;
    private static final int LIST_READ_CONCURRENCY = 8;

    private final VaultKeyValue kv;
    private final VaultStoreLayout layout;
    private final int maxVersions;
    private final Duration requestTimeout;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxRetryAfter;
    private final CircuitBreaker breaker;
    private final ConnectionRecordCodec codec = new ConnectionRecordCodec();
    private final AtomicBoolean metadataWarned = new AtomicBoolean();

    private VaultTokenStore(Builder b) {
        this.layout = b.layout;
        this.kv = b.reactive != null ? new ReactiveVaultKeyValue(b.reactive, layout.mount())
                : new BlockingVaultKeyValue(b.blocking, layout.mount(), b.scheduler);
        this.maxVersions = b.maxVersions;
        this.requestTimeout = b.requestTimeout;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.maxRetryAfter = b.maxRetryAfter;
        this.breaker = CircuitBreaker.of(b.breakerName, CircuitBreakerConfig.from(b.breakerConfig)
                .recordException(e -> e instanceof StoreUnavailableException)
                .build());
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

    /** Where this store keeps connections. */
    public VaultStoreLayout layout() {
        return layout;
    }

    /** The store's own circuit breaker (it records only {@link StoreUnavailableException}), for metrics and health. */
    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    @Override
    public Mono<VersionedRecord> read(ConnectionId id) {
        Objects.requireNonNull(id, "id");
        String path = layout.keyPath(id);
        return guarded(id, "read", Mono.defer(() -> readRaw(path))
                .flatMap(v -> Mono.justOrEmpty(toRecord(id, path, v))));
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
        return guarded(id, "write", Mono.defer(() -> {
            String writeId = UUID.randomUUID().toString();
            Map<String, Object> data = codec.toMap(record);
            data.put(WRITE_ID, writeId);
            AtomicInteger attempts = new AtomicInteger();
            return put(path, data, cas, attempts)
                    .map(meta -> Landed.answered(meta, cas == 0))
                    .onErrorResume(e -> !isOurs(e), e -> settle(id, path, data, writeId, cas, attempts.get(), e))
                    .flatMap(landed -> afterWrite(record, path, cas, landed));
        }));
    }

    @Override
    public Mono<Void> delete(ConnectionId id) {
        Objects.requireNonNull(id, "id");
        String path = layout.keyPath(id);
        return guarded(id, "delete", Mono.defer(() -> call(kv.deleteMetadata(path)).retryWhen(retry(false))));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each page lists the registration's folder once (Vault returns the names unordered, so they are sorted
     * here) and reads the page's records, a few at a time. The cursor is the last key of the page. Secrets
     * that cannot be read are skipped with a warning that names only their path.
     */
    @Override
    public Mono<ConnectionPage> list(String registration, String cursor, int pageSize) {
        String folder = layout.registrationFolder(registration);
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1 but was " + pageSize);
        }
        if (cursor != null && !VaultStoreLayout.isKey(cursor)) {
            throw new IllegalArgumentException("cursor is not one the Vault store returned: pass null for the first "
                    + "page, then the previous page's nextCursor");
        }
        return guarded(null, registration, "list", Mono.defer(() -> call(kv.list(folder).collectList())
                .retryWhen(retry(false)))
                .flatMap(names -> {
                    List<String> keys = names.stream().filter(VaultStoreLayout::isKey)
                            .filter(k -> cursor == null || k.compareTo(cursor) > 0).sorted().toList();
                    boolean more = keys.size() > pageSize;
                    List<String> page = more ? keys.subList(0, pageSize) : keys;
                    return Flux.fromIterable(page)
                            .flatMapSequential(key -> readListed(folder + key), LIST_READ_CONCURRENCY)
                            .collectList()
                            .map(records -> new ConnectionPage(records, more ? page.get(page.size() - 1) : null));
                }));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String toString() {
        return "VaultTokenStore[" + layout.mount() + "/data/" + layout.prefix() + "/, maxVersions=" + maxVersions + "]";
    }

    // --- write outcomes ---

    /**
     * A write that went through: the version it made, the generation the key's metadata named in the answer
     * ({@code null} when unknown), whether it created the key, and whether the generation can be checked.
     */
    private record Landed(int version, String keyGeneration, boolean created, boolean checkable) {

        static Landed answered(Versioned.Metadata meta, boolean created) {
            Map<String, String> custom = meta.getCustomMetadata();
            return new Landed(meta.getVersion().getVersion(), custom == null ? null : custom.get(GENERATION),
                    created, true);
        }
    }

    private Mono<Long> afterWrite(ConnectionRecord record, String path, int cas, Landed landed) {
        if (landed.created()) {
            return writeMetadata(record.id(), path, record.generation()).thenReturn((long) landed.version());
        }
        if (!landed.checkable() || record.generation().equals(landed.keyGeneration())) {
            return Mono.just((long) landed.version());
        }
        return checkGeneration(record, path, cas, landed.version());
    }

    /**
     * The write answer named another generation (or none) in the key's metadata. Read the version the write
     * replaced. Same generation: the metadata is merely stale (a crash between a create and its metadata write,
     * a key written by other means) and is written again. A different generation of a connection made no later
     * than ours: a legitimate replacement (a reconnect written over the old record); the metadata follows it.
     * A different generation of a connection made <em>after</em> ours: our write was prepared for a connection
     * that has since been deleted, and it replaced the new one (ABA). That version is written back and the
     * caller learns it was too late.
     */
    private Mono<Long> checkGeneration(ConnectionRecord record, String path, int replaced, int written) {
        ConnectionId id = record.id();
        return call(kv.get(path, replaced)).retryWhen(retry(false))
                .flatMap(previous -> {
                    Map<String, Object> theirs = previous.hasData() ? previous.getRequiredData() : Map.of();
                    Object generation = theirs.get(GENERATION);
                    if (generation == null) {
                        return Mono.just((long) written);
                    }
                    if (!record.generation().equals(generation) && madeAfter(theirs, record)) {
                        log.warn("A write to connection {} was prepared for the connection deleted before the current "
                                + "one and replaced it; writing version {} of the current connection back", id, replaced);
                        return restore(id, path, theirs, written, record.generation(), 0)
                                .then(Mono.<Long>error(new StaleVersionException(id, replaced)));
                    }
                    return writeMetadata(id, path, record.generation()).thenReturn((long) written);
                })
                .switchIfEmpty(Mono.fromSupplier(() -> (long) written));
    }

    /** Whether the stored record {@code theirs} belongs to a connection made after {@code ours}. */
    private static boolean madeAfter(Map<String, Object> theirs, ConnectionRecord ours) {
        try {
            Object connectedAt = theirs.get("connected_at");
            return connectedAt != null && ours.connectedAt().isBefore(Instant.parse(connectedAt.toString()));
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private Mono<Void> restore(ConnectionId id, String path, Map<String, Object> theirs, int cas, String ourGeneration,
            int tries) {
        Map<String, Object> data = new LinkedHashMap<>(theirs);
        data.put(WRITE_ID, UUID.randomUUID().toString());
        return put(path, data, cas).then()
                .onErrorResume(e -> {
                    VaultErrors.Failure f = VaultErrors.classify(e);
                    if (f.kind() != VaultErrors.Kind.CAS_MISMATCH || tries >= RESTORE_TRIES) {
                        log.error("Could not write back the record of connection {} at {} ({}); it may hold tokens "
                                + "of the connection deleted before it: read it and disconnect it if so", id,
                                layout.mount() + "/data/" + path, f.detail());
                        return Mono.empty();
                    }
                    return readRaw(path).flatMap(current -> current.hasData()
                            && ourGeneration.equals(current.getRequiredData().get(GENERATION))
                            ? restore(id, path, theirs, current.getVersion().getVersion(), ourGeneration, tries + 1)
                            : Mono.<Void>empty());
                });
    }

    /**
     * The write failed or its answer was lost. Find out by reading whether it landed, and never write again
     * blindly: our write id in the key means it landed; another writer's means we lost the race.
     */
    private Mono<Landed> settle(ConnectionId id, String path, Map<String, Object> data, String writeId, int cas,
            int attempts, Throwable error) {
        VaultErrors.Failure failure = VaultErrors.classify(error);
        if (failure.kind() == VaultErrors.Kind.CAS_MISMATCH && cas > 0 && attempts == 1 && !kv.mayResendWrites()) {
            // Sent once, answered once: the conflict is someone else's write. (The common lost race: no read.)
            return Mono.error(new StaleVersionException(id, cas));
        }
        return switch (failure.kind()) {
            case CAS_MISMATCH -> readRaw(path)
                    .onErrorMap(e -> unknownOutcome(id, failure, e))
                    .flatMap(current -> {
                        if (isOurs(current, writeId)) {
                            // A client that resent the request after a lost answer: the first copy landed.
                            return Mono.just(landedRead(current, cas == 0));
                        }
                        if (cas == 0 && !current.hasData()) {
                            // Latest version soft-deleted or destroyed (by hand): absent to us; create on top of it.
                            int over = current.getVersion().getVersion();
                            return put(path, data, over).map(meta -> Landed.answered(meta, true))
                                    .onErrorResume(e -> !isOurs(e), e -> Mono.error(
                                            VaultErrors.classify(e).kind() == VaultErrors.Kind.CAS_MISMATCH
                                                    ? new StaleVersionException(id, cas) : e));
                        }
                        return Mono.<Landed>error(new StaleVersionException(id, cas));
                    })
                    .switchIfEmpty(Mono.error(() -> new StaleVersionException(id, cas)));
            case REJECTED, UNKNOWN_OUTCOME -> readRaw(path)
                    .onErrorMap(e -> unknownOutcome(id, failure, e))
                    .flatMap(current -> {
                        if (isOurs(current, writeId)) {
                            log.debug("write to {} landed although Vault's answer was lost ({})", id, failure.detail());
                            return Mono.just(landedRead(current, cas == 0));
                        }
                        int currentVersion = current.getVersion().getVersion();
                        if (currentVersion > cas) {
                            return call(kv.get(path, cas + 1)).retryWhen(retry(false))
                                    .onErrorMap(e -> unknownOutcome(id, failure, e))
                                    .filter(mine -> isOurs(mine, writeId))
                                    .map(mine -> new Landed(cas + 1, null, cas == 0, false))
                                    .switchIfEmpty(Mono.error(() -> new StaleVersionException(id, cas)));
                        }
                        if (currentVersion < cas) {
                            return Mono.<Landed>error(new StaleVersionException(id, cas));
                        }
                        return Mono.<Landed>error(notApplied(id, failure, error));
                    })
                    .switchIfEmpty(Mono.defer(() -> Mono.error(cas == 0 ? notApplied(id, failure, error)
                            : new StaleVersionException(id, cas))));
            default -> Mono.error(error);
        };
    }

    private static Landed landedRead(Versioned<Map<String, Object>> current, boolean created) {
        Map<String, String> custom = current.getMetadata() == null ? null : current.getMetadata().getCustomMetadata();
        return new Landed(current.getVersion().getVersion(), custom == null ? null : custom.get(GENERATION), created,
                !created && custom != null);
    }

    private StoreUnavailableException notApplied(ConnectionId id, VaultErrors.Failure failure, Throwable cause) {
        return new StoreUnavailableException(NAME, id, "the write did not reach Vault (" + failure.detail()
                + "); nothing was changed", cause);
    }

    private StoreUnavailableException unknownOutcome(ConnectionId id, VaultErrors.Failure failure, Throwable readError) {
        StoreUnavailableException e = new StoreUnavailableException(NAME, id, "Vault did not confirm a write ("
                + failure.detail() + ") and could not be read to find out whether it landed ("
                + VaultErrors.classify(readError).detail() + "); keep the record and write it again later",
                readError);
        return e;
    }

    private Mono<Void> writeMetadata(ConnectionId id, String path, String generation) {
        VaultMetadataRequest request = VaultMetadataRequest.builder()
                .maxVersions(maxVersions)
                .casRequired(true)
                .deleteVersionAfter(Duration.ZERO)
                .customMetadata(Map.of(GENERATION, generation))
                .build();
        return call(kv.putMetadata(path, request)).retryWhen(retry(false))
                .onErrorResume(e -> {
                    // The record is stored; only pruning and the ABA check wait for metadata, and the next write heals it.
                    VaultErrors.Failure f = VaultErrors.classify(e);
                    if (metadataWarned.compareAndSet(false, true)) {
                        log.warn("Stored connection {} but could not set the metadata of {} ({}). Old refresh tokens "
                                + "are kept up to Vault's default of 10 versions until it is set. The store needs "
                                + "this policy:\n{}", id, layout.mount() + "/metadata/" + path, f.detail(),
                                layout.policy());
                    } else {
                        log.debug("could not set the metadata of connection {} ({})", id, f.detail());
                    }
                    return Mono.empty();
                });
    }

    // --- reads ---

    private Mono<Versioned<Map<String, Object>>> readRaw(String path) {
        return call(kv.get(path)).retryWhen(retry(false));
    }

    private Mono<VersionedRecord> readListed(String path) {
        return readRaw(path)
                .flatMap(v -> {
                    try {
                        VersionedRecord record = toRecord(null, path, v);
                        if (record != null && !layout.keyPath(record.record().id()).equals(path)) {
                            log.warn("Skipped Vault secret {}: it holds the record of another connection",
                                    layout.mount() + "/data/" + path);
                            return Mono.empty();
                        }
                        return Mono.justOrEmpty(record);
                    } catch (UnreadableVaultRecordException e) {
                        log.warn("Skipped unreadable Vault secret {} while listing: {}", e.path(), e.getMessage());
                        return Mono.empty();
                    }
                });
    }

    /** The record in {@code v}, or {@code null} when the key is absent or its latest version deleted. */
    private VersionedRecord toRecord(ConnectionId expected, String path, Versioned<Map<String, Object>> v) {
        if (v == null || !v.hasData()) {
            return null;
        }
        Map<String, Object> data = new LinkedHashMap<>(v.getRequiredData());
        data.remove(WRITE_ID);
        ConnectionRecord record;
        try {
            record = codec.fromMap(data);
        } catch (RuntimeException e) {
            ConnectionId who = expected != null ? expected : unknownOwner(path);
            throw new UnreadableVaultRecordException(who, layout.mount() + "/data/" + path,
                    e instanceof IllegalArgumentException ? e.getMessage() : e.getClass().getSimpleName());
        }
        if (expected != null && !record.id().equals(expected)) {
            throw new UnreadableVaultRecordException(expected, layout.mount() + "/data/" + path,
                    "it holds the record of a different connection");
        }
        return new VersionedRecord(record, v.getVersion().getVersion());
    }

    private ConnectionId unknownOwner(String path) {
        String registration = path.substring(layout.prefix().length() + 1, path.lastIndexOf('/'));
        return new ConnectionId(registration, "(unknown owner of " + path.substring(path.lastIndexOf('/') + 1) + ")");
    }

    private static boolean isOurs(Versioned<Map<String, Object>> v, String writeId) {
        return v.hasData() && writeId.equals(v.getRequiredData().get(WRITE_ID));
    }

    // --- plumbing ---

    private Mono<Versioned.Metadata> put(String path, Map<String, Object> data, int cas) {
        return put(path, data, cas, new AtomicInteger());
    }

    private Mono<Versioned.Metadata> put(String path, Map<String, Object> data, int cas, AtomicInteger attempts) {
        // Only requests Vault turned away (429, 503) are sent again as they were: check-and-set makes that safe,
        // and a copy that landed after all shows up as a conflict carrying our write id.
        return Mono.defer(() -> {
            attempts.incrementAndGet();
            return call(kv.put(path, data, cas));
        }).retryWhen(retry(true));
    }

    <T> Mono<T> call(Mono<T> request) {
        return request.timeout(requestTimeout);
    }

    Retry retry(boolean write) {
        return Retry.from(signals -> signals.concatMap(signal -> {
            VaultErrors.Failure f = VaultErrors.classify(signal.failure());
            boolean again = write ? f.kind() == VaultErrors.Kind.REJECTED : f.retryable();
            if (!again || signal.totalRetries() + 1 >= maxAttempts) {
                return Mono.error(signal.failure());
            }
            return Mono.delay(backoff(signal.totalRetries(), f.retryAfter()));
        }));
    }

    private Duration backoff(long retry, Duration retryAfter) {
        long base = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(retry, 20));
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        if (retryAfter != null) {
            jittered = Math.max(jittered, Math.min(retryAfter.toMillis(), maxRetryAfter.toMillis()));
        }
        return Duration.ofMillis(jittered);
    }

    static boolean isOurs(Throwable e) {
        return e instanceof SaasConnectException || e instanceof StaleVersionException;
    }

    private <T> Mono<T> guarded(ConnectionId id, String operation, Mono<T> work) {
        return guarded(id, id.registration(), operation, work);
    }

    private <T> Mono<T> guarded(ConnectionId id, String registration, String operation, Mono<T> work) {
        return guarded(id, registration, "token store's " + operation, layout, work);
    }

    /**
     * {@code work} with Vault's failures turned into the store's exceptions (naming {@code where} and its policy)
     * and behind the circuit breaker, which the pending-authorization store beside this one shares.
     */
    <T> Mono<T> guarded(ConnectionId id, String registration, String operation, VaultStoreLayout where,
            Mono<T> work) {
        return work
                .onErrorMap(e -> !isOurs(e) && !(e instanceof IllegalArgumentException), e -> toStoreFailure(id,
                        registration, operation, where, e))
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorMap(CallNotPermittedException.class, e -> new StoreUnavailableException(NAME, id,
                        "calls to Vault are paused after repeated failures (circuit breaker '" + breaker.getName()
                                + "' is open); they resume on their own", e));
    }

    private static RuntimeException toStoreFailure(ConnectionId id, String registration, String operation,
            VaultStoreLayout layout, Throwable e) {
        VaultErrors.Failure f = VaultErrors.classify(e);
        return switch (f.kind()) {
            case CAS_MISMATCH -> new StoreUnavailableException(NAME, id, "unexpected check-and-set conflict on "
                    + operation, e);
            case PERMISSION_DENIED -> new VaultStoreMisconfiguredException(id, registration, 403, "Vault denied the "
                    + operation + " under " + layout.mount() + "/data/" + layout.prefix() + "/ "
                    + f.detail() + ". Give the token (or the role it logs in with) this policy:\n" + layout.policy());
            case NO_SUCH_MOUNT -> new VaultStoreMisconfiguredException(id, registration, 404, "Vault has no KV "
                    + "version 2 secrets engine at mount '" + layout.mount() + "' " + f.detail() + ". Enable one "
                    + "(vault secrets enable -path=" + layout.mount() + " kv-v2) or set saas-connect.store.vault.mount");
            default -> new StoreUnavailableException(NAME, id, operation + " failed: " + f.detail(), e);
        };
    }

    /** Settings of a {@link VaultTokenStore}; every setting has a default. */
    public static final class Builder {

        private final ReactiveVaultOperations reactive;
        private final VaultOperations blocking;
        private VaultStoreLayout layout = VaultStoreLayout.defaults();
        private int maxVersions = 2;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(2);
        private Duration maxRetryAfter = Duration.ofSeconds(5);
        private Scheduler scheduler = Schedulers.boundedElastic();
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

        /** The KV v2 mount; default {@code secret}. */
        public Builder mount(String mount) {
            return layout(new VaultStoreLayout(mount, layout.prefix()));
        }

        /** The folder inside the mount; default {@code saas-connect/connections}. */
        public Builder prefix(String prefix) {
            return layout(new VaultStoreLayout(layout.mount(), prefix));
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
         * Backoff doubles from {@code initialBackoff} up to {@code maxBackoff}, with jitter; a {@code Retry-After}
         * is honoured up to {@code maxRetryAfter}.
         */
        public Builder retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1 but was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            this.initialBackoff = positive(initialBackoff, "initialBackoff");
            this.maxBackoff = positive(maxBackoff, "maxBackoff");
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
