package io.github.saasconnect.provider;

import io.github.saasconnect.connection.TokenSet;
import java.util.Map;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Finds provider facts after a code exchange (account id, per-account API host, stable user id) that the connect
 * flow stores as connection attributes.
 */
@FunctionalInterface
public interface AccountDiscovery {

    /**
     * The attribute a discovery sets to the requested scopes the user did not grant, space-separated (Google lets
     * users untick scopes on its consent screen). The connect flow reports them as
     * {@link io.github.saasconnect.event.ScopesMissingEvent}; the provider knows which spellings of a scope are one.
     */
    String MISSING_SCOPES = "missing_scopes";

    /** Nothing to discover. */
    AccountDiscovery NONE = (registration, tokens, http) -> Mono.just(Map.of());

    /**
     * The attributes for a connection that just got {@code tokens}.
     *
     * @param registration the registration, its {@link ProviderRegistration#requestedScopes()} those of this
     *     authorization (with any scopes the connect asked for on top)
     *
     * @param http the client to call the provider with (the token client's)
     */
    Mono<Map<String, String>> discover(ProviderRegistration registration, TokenSet tokens, WebClient http);
}
