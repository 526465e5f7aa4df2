package io.github.saasconnect.testsupport;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.failure.StoreUnavailableException;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A {@link TokenStore} decorator that misbehaves on cue: it refuses result writes (records without a lease)
 * while a switch is on, serves one stale read, runs an action right after the next lease write lands (another
 * holder acting in between), and counts reads and writes.
 */
public final class FlakyTokenStore implements TokenStore {

    private final TokenStore delegate;
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger refusedWrites = new AtomicInteger();
    private final AtomicReference<VersionedRecord> staleRead = new AtomicReference<>();
    private final AtomicReference<Function<VersionedRecord, Mono<Void>>> afterLeaseWrite = new AtomicReference<>();
    private volatile boolean refuseResultWrites;

    public FlakyTokenStore(TokenStore delegate) {
        this.delegate = delegate;
    }

    /** The store underneath, which never misbehaves. */
    public TokenStore delegate() {
        return delegate;
    }

    /** While on, writes of records that carry no refresh lease fail with {@link StoreUnavailableException}. */
    public void refuseResultWrites(boolean on) {
        this.refuseResultWrites = on;
    }

    /** The next read (of any connection) returns {@code stale}, whatever is stored by then. */
    public void serveOneStaleRead(VersionedRecord stale) {
        staleRead.set(stale);
    }

    /**
     * Runs {@code action} once, right after the next write of a leased record lands and before the writer
     * hears of it; the action gets the record as written, with its new version.
     */
    public void afterNextLeaseWrite(Function<VersionedRecord, Mono<Void>> action) {
        afterLeaseWrite.set(action);
    }

    public int reads() {
        return reads.get();
    }

    public int writes() {
        return writes.get();
    }

    public int refusedWrites() {
        return refusedWrites.get();
    }

    @Override
    public Mono<VersionedRecord> read(ConnectionId id) {
        return Mono.defer(() -> {
            reads.incrementAndGet();
            VersionedRecord stale = staleRead.getAndSet(null);
            return stale != null ? Mono.just(stale) : delegate.read(id);
        });
    }

    @Override
    public Mono<Long> write(ConnectionRecord record, long expectedVersion) {
        return Mono.defer(() -> {
            writes.incrementAndGet();
            if (refuseResultWrites && record.lease() == null) {
                refusedWrites.incrementAndGet();
                return Mono.error(
                        new StoreUnavailableException(name(), record.id(), "write refused (test switch)", null));
            }
            Mono<Long> written = delegate.write(record, expectedVersion);
            if (record.lease() == null) {
                return written;
            }
            return written.flatMap(version -> {
                Function<VersionedRecord, Mono<Void>> action = afterLeaseWrite.getAndSet(null);
                return action == null
                        ? Mono.just(version)
                        : action.apply(new VersionedRecord(record, version)).thenReturn(version);
            });
        });
    }

    @Override
    public Mono<Void> delete(ConnectionId id) {
        return delegate.delete(id);
    }

    @Override
    public Mono<ConnectionPage> list(String registration, String cursor, int pageSize) {
        return delegate.list(registration, cursor, pageSize);
    }

    @Override
    public String name() {
        return "flaky";
    }
}
