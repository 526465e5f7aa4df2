package io.github.saasconnect.store;

import reactor.core.publisher.Mono;

/**
 * Where started authorizations wait for their callback. The callback may reach another instance of the
 * application than the one that started the authorization, so a store for several instances keeps them in a
 * shared backend (the one the {@link io.github.saasconnect.store.TokenStore} uses).
 *
 * <p>The contract, checked by {@code PendingAuthorizationStoreContract} of the store test kit
 * ({@code saas-connect-store-tck}):
 * <ul>
 *   <li>{@link #take} is atomic and single-use: of any number of concurrent or later calls with one key, across
 *       every instance that shares the backend, at most one gets the entry.</li>
 *   <li>Entries are keyed by {@link PendingAuthorization#key()}, a digest of the state; the state itself never
 *       reaches the store.</li>
 *   <li>The {@linkplain PendingAuthorization#codeVerifier() PKCE verifier} is a secret: a persistent store keeps
 *       it encrypted at rest or in a secret store, and no store logs it or puts it in an exception message.</li>
 *   <li>A store may drop an entry once it is past {@link PendingAuthorization#expiresAt()}; it may also still
 *       hand it out, and the flow then rejects it as expired.</li>
 * </ul>
 */
public interface PendingAuthorizationStore {

    /** Keeps {@code authorization} until it is taken or expires. */
    Mono<Void> save(PendingAuthorization authorization);

    /**
     * Removes and returns the entry under {@code key}, or completes empty when there is none (never saved,
     * already taken, or dropped after expiry).
     */
    Mono<PendingAuthorization> take(String key);

    /** A short name for diagnostics, such as {@code file} or {@code memory}. */
    String name();
}
