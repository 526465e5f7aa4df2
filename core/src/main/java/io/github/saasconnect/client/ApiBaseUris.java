package io.github.saasconnect.client;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.failure.ConnectionNotFoundException;
import io.github.saasconnect.provider.ApiBaseUriResolver;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.token.TokenManager;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * The API base URL of each connection of one registration. With {@link ApiBaseUriResolver#PER_REGISTRATION} (one URL
 * per registration) no record is read; with another resolver (DocuSign's per-account
 * {@code base_uri}) the record is read once and the answer cached until {@link #evict}, and an app connection's is
 * asked of the resolver once its token is minted.
 */
final class ApiBaseUris {

    private final ProviderRegistration registration;
    private final TokenStore store;
    private final TokenManager tokens;
    private final boolean perConnection;
    private final Optional<URI> shared;
    private final ConcurrentHashMap<ConnectionId, Optional<URI>> cache = new ConcurrentHashMap<>();

    ApiBaseUris(ProviderRegistration registration, TokenStore store, TokenManager tokens) {
        this.registration = registration;
        this.store = store;
        this.tokens = tokens;
        this.perConnection = registration.descriptor().apiBaseUriResolver() != ApiBaseUriResolver.PER_REGISTRATION;
        this.shared = Optional.ofNullable(registration.descriptor().apiBaseUri());
    }

    /** The base URL for {@code id}, reading its record only when the resolver needs it. */
    Mono<Optional<URI>> of(ConnectionId id) {
        if (!perConnection) {
            return Mono.just(shared);
        }
        if (id.isApp()) {
            // no record to read: the provider learnt the host while minting the token (a cache hit once minted)
            return tokens.accessToken(id)
                    .map(token -> Optional.ofNullable(
                            registration.descriptor().apiBaseUriResolver().appApiBaseUri(registration, id)));
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
