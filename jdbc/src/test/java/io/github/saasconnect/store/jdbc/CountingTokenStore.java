package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/** Counts the round trips a token manager makes to the store it wraps: reads, writes that landed, lost writes. */
final class CountingTokenStore implements TokenStore {

    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger writesLanded = new AtomicInteger();
    final AtomicInteger writesLost = new AtomicInteger();
    private final TokenStore delegate;

    CountingTokenStore(TokenStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<VersionedRecord> read(ConnectionId id) {
        return delegate.read(id).doOnSubscribe(s -> reads.incrementAndGet());
    }

    @Override
    public Mono<Long> write(ConnectionRecord record, long expectedVersion) {
        return delegate.write(record, expectedVersion)
                .doOnSuccess(v -> writesLanded.incrementAndGet())
                .doOnError(e -> writesLost.incrementAndGet());
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
        return delegate.name();
    }
}
