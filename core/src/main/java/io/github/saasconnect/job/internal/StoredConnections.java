package io.github.saasconnect.job.internal;

import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Every stored connection of a registration, read page by page as the subscriber asks for more. */
public final class StoredConnections {

    private StoredConnections() {}

    /** The records of {@code registration}, in the store's order, one {@link TokenStore#list} page at a time. */
    public static Flux<ConnectionRecord> of(TokenStore store, String registration, int pageSize) {
        return pages(store, registration, pageSize)
                .concatMapIterable(ConnectionPage::records, 1)
                .map(VersionedRecord::record);
    }

    /**
     * The pages of {@code registration}, one {@link TokenStore#list} call each, for walks that also count the
     * {@linkplain ConnectionPage#unreadable() unreadable} records.
     */
    public static Flux<ConnectionPage> pages(TokenStore store, String registration, int pageSize) {
        return store.list(registration, null, pageSize)
                .expand(page -> page.hasNext() ? store.list(registration, page.nextCursor(), pageSize) : Mono.empty());
    }
}
