package io.github.saasconnect.metrics;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import java.time.Duration;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A {@link TokenStore} that reports the time and outcome of each operation of the store it wraps. The
 * {@link io.github.saasconnect.token.TokenManager} wraps its store this way when it has an instrumentation; wrap
 * the store given to other components (jobs, the connect flow) the same way to count theirs.
 */
public final class InstrumentedTokenStore implements TokenStore {

    private final TokenStore delegate;
    private final SaasConnectInstrumentation instrumentation;

    private InstrumentedTokenStore(TokenStore delegate, SaasConnectInstrumentation instrumentation) {
        this.delegate = delegate;
        this.instrumentation = instrumentation;
    }

    /** {@code store} reporting to {@code instrumentation}; {@code store} itself when there is nothing to report to. */
    public static TokenStore wrap(TokenStore store, SaasConnectInstrumentation instrumentation) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(instrumentation, "instrumentation");
        if (instrumentation == SaasConnectInstrumentation.NOOP || store instanceof InstrumentedTokenStore) {
            return store;
        }
        return new InstrumentedTokenStore(store, SaasConnectInstrumentation.guarded(instrumentation));
    }

    /** The store underneath. */
    public TokenStore delegate() {
        return delegate;
    }

    @Override
    public Mono<VersionedRecord> read(ConnectionId id) {
        return timed(StoreOperation.READ, delegate.read(id));
    }

    @Override
    public Mono<Long> write(ConnectionRecord record, long expectedVersion) {
        return timed(StoreOperation.WRITE, delegate.write(record, expectedVersion));
    }

    @Override
    public Mono<Void> delete(ConnectionId id) {
        return timed(StoreOperation.DELETE, delegate.delete(id));
    }

    @Override
    public Mono<ConnectionPage> list(String registration, String cursor, int pageSize) {
        return timed(StoreOperation.LIST, delegate.list(registration, cursor, pageSize));
    }

    @Override
    public String name() {
        return delegate.name();
    }

    private <T> Mono<T> timed(StoreOperation operation, Mono<T> call) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return call
                    .doOnSuccess(v -> instrumentation.storeOperation(delegate.name(), operation, StoreOutcome.SUCCESS,
                            Duration.ofNanos(System.nanoTime() - start)))
                    .doOnError(e -> instrumentation.storeOperation(delegate.name(), operation, StoreOutcome.of(e),
                            Duration.ofNanos(System.nanoTime() - start)));
        });
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
