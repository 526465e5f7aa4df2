package io.github.saasconnect.client;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.failure.ConnectionNotFoundException;
import io.github.saasconnect.provider.ApiBaseUriResolver;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.store.TokenStore;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * The API base URL of each connection of one registration. With {@link ApiBaseUriResolver#PER_REGISTRATION} (one URL
 * per registration) no record is read; with another resolver (DocuSign's per-account
 * {@code base_uri}) the record is read once and the answer cached until {@link #evict}.
 */
final class ApiBaseUris {

    private final ProviderRegistration registration;
    private final TokenStore store;
    private final boolean perConnection;
    private final Optional<URI> shared;
    private final ConcurrentHashMap<ConnectionId, Optional<URI>> cache = new ConcurrentHashMap<>();

    ApiBaseUris(ProviderRegistration registration, TokenStore store) {
        this.registration = registration;
        this.store = store;
        this.perConnection = registration.descriptor().apiBaseUriResolver() != ApiBaseUriResolver.PER_REGISTRATION;
        this.shared = Optional.ofNullable(registration.descriptor().apiBaseUri());
    }

    /** The base URL for {@code id}, reading its record only when the resolver needs it. */
    Mono<Optional<URI>> of(ConnectionId id) {
        if (!perConnection || id.isApp()) {
            // an app connection has no record to read: it calls the registration's API base URL
            return Mono.just(shared);
        }
        Optional<URI> hit = cache.get(id);
        if (hit != null) {
            return Mono.just(hit);
        }
        return store.read(id)
                .switchIfEmpty(Mono.error(() -> new ConnectionNotFoundException(id)))
                .map(stored -> {
                    Optional<URI> base = of(stored.record());
                    cache.put(id, base);
                    return base;
                });
    }

    /** The base URL for a record already at hand (jobs list records anyway). */
    Optional<URI> of(ConnectionRecord record) {
        return perConnection
                ? Optional.ofNullable(
                        registration.descriptor().apiBaseUriResolver().apiBaseUri(registration, record))
                : shared;
    }

    /** Forgets what was cached for {@code id} (after a 401, the user may have reconnected another account). */
    void evict(ConnectionId id) {
        cache.remove(id);
    }
}
