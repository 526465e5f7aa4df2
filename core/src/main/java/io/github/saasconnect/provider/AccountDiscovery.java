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

    /** Nothing to discover. */
    AccountDiscovery NONE = (registration, tokens, http) -> Mono.just(Map.of());

    /**
     * The attributes for a connection that just got {@code tokens}.
     *
     * @param http the client to call the provider with (the token client's)
     */
    Mono<Map<String, String>> discover(ProviderRegistration registration, TokenSet tokens, WebClient http);
}
