package io.github.saasconnect.benchmarks;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Counts a token manager's round trips to the store it wraps: reads, writes that landed, writes that lost. */
final class CountingStore implements TokenStore {

    final AtomicLong reads = new AtomicLong();
    final AtomicLong landed = new AtomicLong();
    final AtomicLong lost = new AtomicLong();
    private final TokenStore delegate;

    CountingStore(TokenStore delegate) {
        this.delegate = delegate;
    }

    void reset() {
        reads.set(0);
        landed.set(0);
        lost.set(0);
    }

    @Override
    public Mono<VersionedRecord> read(ConnectionId id) {
        return delegate.read(id).doOnSubscribe(s -> reads.incrementAndGet());
    }

    @Override
    public Mono<Long> write(ConnectionRecord record, long expectedVersion) {
        return delegate.write(record, expectedVersion)
                .doOnSuccess(v -> landed.incrementAndGet())
                .doOnError(e -> lost.incrementAndGet());
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
    public Flux<VersionedRecord> accounts(String registration, String owner) {
        return delegate.accounts(registration, owner);
    }

    @Override
    public String name() {
        return delegate.name();
    }
}
