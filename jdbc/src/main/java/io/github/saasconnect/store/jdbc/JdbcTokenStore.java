package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.failure.StoreUnavailableException;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.ConnectionRecordCodec;
import io.github.saasconnect.store.JobClaims;
import io.github.saasconnect.store.StaleVersionException;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.UnreadableRecord;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.store.crypto.RecordCipher;
import io.github.saasconnect.store.crypto.RecordCipherException;
import io.github.saasconnect.store.crypto.SealedRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Connections in a database table ({@code saas_connect_connection}, see {@link JdbcStoreSchema#SCRIPTS}): one row
 * per connection keyed by registration and {@linkplain OwnerDigest keyed name} (the owner digest for an owner's
 * default connection; owner digest, {@code /} and account digest for a named account), the record sealed by a
 * {@link RecordCipher} and bound to that key, and a {@code version} column that every write compares and sets
 * ({@code UPDATE ... WHERE version = ?}). The refresh lease of the token manager is such a write, so across
 * instances one refresh runs per connection and a rotating refresh token is never used twice.
 *
 * <p>JDBC blocks: every call runs on a bounded scheduler of its own (size it like the connection pool), so the
 * reactive API never blocks its caller's thread. A database error is a {@link StoreUnavailableException}; a record
 * that cannot be opened is an {@link UnreadableJdbcRecordException} (listings report it in
 * {@link ConnectionPage#unreadable()}) and is never overwritten by this store.
 */
public final class JdbcTokenStore implements TokenStore, AutoCloseable {

    /** A row's name: a default connection's (an owner digest) or a named account's (two digests). */
    private static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9_-]{43}(/[A-Za-z0-9_-]{43})?");

    private static final String NAME = "jdbc";
    private static final String BUSY = "too many database calls are waiting (saas-connect.store.jdbc.queued-calls)";

    private final ConnectionTable table;
    private final JdbcClient jdbc;
    private final RecordCipher cipher;
    private final OwnerDigest owners;
    private final Clock clock;
    private final Scheduler scheduler;
    /** Calls running or waiting for a thread; past {@link #maxCalls} a call fails at once. */
    private final AtomicInteger calls = new AtomicInteger();

    private final int maxCalls;
    private final ConnectionRecordCodec codec = new ConnectionRecordCodec();
    private final JdbcJobClaims claims;

    private JdbcTokenStore(Builder b) {
        this.jdbc = b.jdbc;
        this.table = new ConnectionTable(b.jdbc);
        this.cipher = b.cipher;
        this.owners = b.owners;
        this.clock = b.clock;
        this.maxCalls = b.threads + b.queuedCalls;
        this.scheduler = Schedulers.newBoundedElastic(b.threads, maxCalls, "saas-connect-jdbc-store", 60, true);
        this.claims = new JdbcJobClaims(this, b.owners);
    }

    /**
     * The job claims kept beside the records, in table {@code saas_connect_job_claim} (see {@link JobClaims}): every
     * instance on this database shares them. Deleting a connection deletes its claims (foreign key, on delete
     * cascade).
     */
    public JobClaims jobClaims() {
        return claims;
    }

    /** A store on {@code dataSource}, sealing with {@code cipher} and naming owners with {@code owners}. */
    public static Builder builder(DataSource dataSource, RecordCipher cipher, OwnerDigest owners) {
        return new Builder(JdbcClient.create(dataSource), cipher, owners);
    }

    @Override
    public Mono<VersionedRecord> read(ConnectionId id) {
        String digest = owners.of(id);
        return call(
                id,
                () -> table.find(id.registration(), digest)
                        .map(row -> new VersionedRecord(open(row, id), row.version()))
                        .orElse(null));
    }

    @Override
    public Mono<Long> write(ConnectionRecord record, long expectedVersion) {
        ConnectionId id = record.id();
        String digest = owners.of(id);
        return call(id, () -> {
            SealedRecord sealed = cipher.seal(codec.toJson(record), associatedData(id.registration(), digest));
            byte[] bytes = sealed.toBytes();
            boolean written = expectedVersion == 0
                    ? table.insert(
                            id.registration(),
                            digest,
                            id.isDefaultAccount() ? null : owners.ownerName(id),
                            sealed.keyId(),
                            bytes,
                            clock.instant())
                    : table.update(id.registration(), digest, expectedVersion, sealed.keyId(), bytes, clock.instant());
            if (!written) {
                throw new StaleVersionException(id, expectedVersion);
            }
            return expectedVersion + 1;
        });
    }

    @Override
    public Mono<Void> delete(ConnectionId id) {
        String digest = owners.of(id);
        return call(id, () -> {
                    table.delete(id.registration(), digest);
                    return null;
                })
                .then();
    }

    @Override
    public Mono<ConnectionPage> list(String registration, @Nullable String cursor, int pageSize) {
        if (pageSize < 1) {
            return Mono.error(new IllegalArgumentException("pageSize must be at least 1 but was " + pageSize));
        }
        if (cursor != null && !CURSOR.matcher(cursor).matches()) {
            return Mono.error(new IllegalArgumentException("not a cursor of this store"));
        }
        return call(null, () -> {
            List<StoredRow> rows = table.page(registration, cursor == null ? "" : cursor, pageSize + 1);
            boolean more = rows.size() > pageSize;
            List<VersionedRecord> records = new ArrayList<>(Math.min(rows.size(), pageSize));
            List<UnreadableRecord> unreadable = new ArrayList<>();
            for (StoredRow row : more ? rows.subList(0, pageSize) : rows) {
                try {
                    records.add(new VersionedRecord(open(row, null), row.version()));
                } catch (RecordCipherException e) {
                    // one row that cannot be opened must not hide the others
                    unreadable.add(new UnreadableRecord(registration, row.ownerDigest(), e.getMessage()));
                }
            }
            return new ConnectionPage(records, more ? rows.get(pageSize - 1).ownerDigest() : null, unreadable);
        });
    }

    /**
     * One query: the owner's default connection by primary key and its named accounts by the {@code account_owner}
     * index. The default connection comes first, then the named accounts in name order.
     */
    @Override
    public Flux<VersionedRecord> accounts(String registration, String owner) {
        return Flux.defer(() -> accountsOf(ConnectionId.of(registration, owner)));
    }

    private Flux<VersionedRecord> accountsOf(ConnectionId defaultConnection) {
        String registration = defaultConnection.registration();
        String ownerDigest = owners.ownerName(defaultConnection);
        return call(defaultConnection, () -> {
                    List<StoredRow> rows = new ArrayList<>(table.ofOwner(registration, ownerDigest));
                    // the default connection's name is the owner digest itself, shorter than every account's
                    rows.sort(Comparator.comparing(
                                    (StoredRow row) -> row.ownerDigest().length())
                            .thenComparing(StoredRow::ownerDigest));
                    List<VersionedRecord> records = new ArrayList<>(rows.size());
                    for (StoredRow row : rows) {
                        ConnectionRecord record = row.ownerDigest().equals(ownerDigest)
                                ? open(row, defaultConnection)
                                : namedAccount(open(row, null), row, defaultConnection);
                        records.add(new VersionedRecord(record, row.version()));
                    }
                    return records;
                })
                .flatMapMany(Flux::fromIterable);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** How many records each key id wraps now: for re-encryption progress and diagnostics. */
    public Mono<java.util.Map<String, Long>> recordsPerKeyId() {
        return call(null, table::countByKeyId);
    }

    /** Stops the store's scheduler; calls in flight finish. */
    @Override
    public void close() {
        scheduler.dispose();
    }

    private ConnectionRecord open(StoredRow row, @Nullable ConnectionId expected) {
        try {
            SealedRecord sealed = SealedRecord.parse(row.sealed());
            byte[] json = cipher.open(sealed, associatedData(row.registration(), row.ownerDigest()));
            ConnectionRecord record = codec.fromJson(json);
            if (expected != null && !record.id().equals(expected)) {
                throw new IllegalStateException("the record under " + expected + "'s key names another connection");
            }
            return record;
        } catch (RecordCipherException e) {
            if (expected != null) {
                throw new UnreadableJdbcRecordException(expected, e.of(expected));
            }
            throw e.in(row.registration());
        }
    }

    /**
     * {@code record}, opened from {@code row} among {@code owner}'s accounts, if it is the account the row is named
     * after (the row's name is the digest of the record's id; only the account was unknown before opening it).
     */
    private ConnectionRecord namedAccount(ConnectionRecord record, StoredRow row, ConnectionId owner) {
        if (record.id().isDefaultAccount() || !owners.of(record.id()).equals(row.ownerDigest())) {
            throw new IllegalStateException("a row of " + owner + "'s accounts names another connection");
        }
        return record;
    }

    /** A sealed record opens only in the row it was written to. */
    static byte[] associatedData(String registration, String ownerDigest) {
        return ("saas-connect connection v1\0" + registration + '\0' + ownerDigest).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Runs blocking {@code work} on the store's scheduler. A database error becomes a store failure, and so does a
     * call that finds every thread busy and the queue full: it fails at once rather than wait without bound (the
     * token manager keeps serving cached tokens and retries).
     */
    <T> Mono<T> call(@Nullable ConnectionId id, Callable<@Nullable T> work) {
        return Mono.defer(() -> {
            if (calls.incrementAndGet() > maxCalls) {
                calls.decrementAndGet();
                return Mono.error(new StoreUnavailableException(NAME, id, BUSY, null));
            }
            return Mono.<T>fromCallable(work)
                    .subscribeOn(scheduler)
                    .doFinally(signal -> calls.decrementAndGet())
                    .onErrorMap(
                            DataAccessException.class,
                            e -> new StoreUnavailableException(
                                    NAME,
                                    id,
                                    "the database call failed (" + e.getClass().getSimpleName() + ")",
                                    e))
                    // a cancelled call holds its thread until its statement ends: the scheduler's cap backs ours
                    .onErrorMap(
                            RejectedExecutionException.class, e -> new StoreUnavailableException(NAME, id, BUSY, e));
        });
    }

    JdbcClient jdbc() {
        return jdbc;
    }

    RecordCipher cipher() {
        return cipher;
    }

    Clock clock() {
        return clock;
    }

    ConnectionTable table() {
        return table;
    }

    /** Settings of a {@link JdbcTokenStore}; every one has a default. */
    public static final class Builder {

        private final JdbcClient jdbc;
        private final RecordCipher cipher;
        private final OwnerDigest owners;
        private Clock clock = Clock.systemUTC();
        private int threads = 10;
        private int queuedCalls = 10_000;

        private Builder(JdbcClient jdbc, RecordCipher cipher, OwnerDigest owners) {
            this.jdbc = jdbc;
            this.cipher = Objects.requireNonNull(cipher, "cipher");
            this.owners = Objects.requireNonNull(owners, "owners");
        }

        /** The clock of the {@code updated_at} column. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How many database calls run at once (default 10, HikariCP's default pool size: more threads would only
         * wait for a connection), and how many may wait for a thread before calls fail fast (default 10,000).
         */
        public Builder concurrency(int threads, int queuedCalls) {
            if (threads < 1 || queuedCalls < 1) {
                throw new IllegalArgumentException("threads and queued calls must be at least 1");
            }
            this.threads = threads;
            this.queuedCalls = queuedCalls;
            return this;
        }

        public JdbcTokenStore build() {
            return new JdbcTokenStore(this);
        }
    }
}
