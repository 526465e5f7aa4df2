package io.github.saasconnect.observation;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link TokenStore} whose operations are {@link SaasConnectObservation#STORE_OPERATION} observations. Stores are
 * pluggable, so their operations are observed here, around any store, rather than inside each one: the
 * {@link io.github.saasconnect.token.TokenManager}, the connect flow, the clients and the keep-alive sweep wrap the
 * store they are given.
 */
public final class ObservedTokenStore implements TokenStore {

    private final TokenStore delegate;
    private final ObservationRegistry registry;

    private ObservedTokenStore(TokenStore delegate, ObservationRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    /**
     * {@code store} observed on {@code registry}; {@code store} itself on {@link ObservationRegistry#NOOP} or when
     * already observed. A registry without handlers yet is kept: handlers may be added once the components exist.
     */
    public static TokenStore of(TokenStore store, ObservationRegistry registry) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(registry, "registry");
        if (registry == ObservationRegistry.NOOP || store instanceof ObservedTokenStore) {
            return store;
        }
        return new ObservedTokenStore(store, registry);
    }

    /** The store underneath. */
    public TokenStore delegate() {
        return delegate;
    }

    @Override
    public Mono<VersionedRecord> read(ConnectionId id) {
        return observed(StoreOperation.READ, delegate.read(id));
    }

    @Override
    public Mono<Long> write(ConnectionRecord record, long expectedVersion) {
        return observed(StoreOperation.WRITE, delegate.write(record, expectedVersion));
    }

    @Override
    public Mono<Void> delete(ConnectionId id) {
        return observed(StoreOperation.DELETE, delegate.delete(id));
    }

    @Override
    public Mono<ConnectionPage> list(String registration, String cursor, int pageSize) {
        return observed(StoreOperation.LIST, delegate.list(registration, cursor, pageSize));
    }

    /** Observed as one operation: the owner's connections are read together, as one settings page shows them. */
    @Override
    public Flux<VersionedRecord> accounts(String registration, String owner) {
        return observed(
                        StoreOperation.ACCOUNTS,
                        delegate.accounts(registration, owner).collectList())
                .flatMapIterable(records -> records);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    private <T> Mono<T> observed(StoreOperation operation, Mono<T> call) {
        return Observed.mono(
                call,
                SaasConnectObservation.STORE_OPERATION,
                registry,
                () -> new StoreOperationContext(delegate.name(), operation));
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
