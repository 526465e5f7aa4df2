package io.github.saasconnect.store;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where connection records live. Every write is a compare-and-set on the record's version, so several
 * instances never lose or double-spend a rotating refresh token.
 *
 * <p>Implementations report an unreachable backend with
 * {@link io.github.saasconnect.failure.StoreUnavailableException} and a lost race with
 * {@link StaleVersionException}.
 */
public interface TokenStore {

    /** The record and its version, or empty when the connection does not exist. */
    Mono<VersionedRecord> read(ConnectionId id);

    /**
     * Writes {@code record} if the stored version is {@code expectedVersion} ({@code 0}: only if absent).
     *
     * @return the new version
     * @throws StaleVersionException (as an error signal) when the stored version differs
     */
    Mono<Long> write(ConnectionRecord record, long expectedVersion);

    /** Deletes the connection permanently; completes empty when it did not exist. */
    Mono<Void> delete(ConnectionId id);

    /**
     * One page of the connections of {@code registration}.
     *
     * @param cursor {@code null} for the first page, else {@link ConnectionPage#nextCursor()} of the previous
     * @param pageSize the most records to return
     */
    Mono<ConnectionPage> list(String registration, String cursor, int pageSize);

    /**
     * Every connection of {@code owner} in {@code registration}: the default connection ({@link ConnectionId#account()}
     * {@code null}) first when there is one, then the named accounts' connections in the store's order.
     *
     * <p>The default implementation knows only the default connection; a store that keeps named accounts (all of
     * this project's stores do) overrides it. An unreadable record is reported as in {@link #read}.
     */
    default Flux<VersionedRecord> accounts(String registration, String owner) {
        return read(ConnectionId.of(registration, owner)).flux();
    }

    /** A short name for diagnostics and metrics tags, such as {@code file} or {@code vault}. */
    String name();
}
