package io.github.saasconnect.autoconfigure.web;

import io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException;
import io.github.saasconnect.store.PendingAuthorization;
import io.github.saasconnect.store.PendingAuthorizationStore;
import reactor.core.publisher.Mono;

/**
 * Stands in when no pending store fits the configured token store, so that applications that never start a
 * connect are not stopped; the web endpoints refuse to start with it, and direct use fails with the same
 * message.
 */
final class UnavailablePendingAuthorizationStore implements PendingAuthorizationStore {

    private final String tokenStore;

    UnavailablePendingAuthorizationStore(String tokenStore) {
        this.tokenStore = tokenStore;
    }

    InvalidSaasConnectConfigurationException problem() {
        return new InvalidSaasConnectConfigurationException(
                "saas-connect.connect.pending-store",
                "no pending authorization store fits the '" + tokenStore + "' token store, and a callback may land "
                        + "on another instance than the one that started the authorization",
                "Define a PendingAuthorizationStore bean that every instance can read, or set "
                        + "saas-connect.connect.pending-store=memory if the application runs as a single instance");
    }

    @Override
    public Mono<Void> save(PendingAuthorization authorization) {
        return Mono.error(problem());
    }

    @Override
    public Mono<PendingAuthorization> take(String key) {
        return Mono.error(problem());
    }

    @Override
    public String name() {
        return "unavailable";
    }
}
