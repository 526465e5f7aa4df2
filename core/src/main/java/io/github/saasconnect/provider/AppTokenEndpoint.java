package io.github.saasconnect.provider;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * What an {@link AppTokenMinter} may use to reach the provider: an OAuth 2.0 token request whose form it writes
 * itself (client credentials, a JWT bearer grant), or the token client's own HTTP client, time limit and clock for a
 * provider-specific call (GitHub's installation tokens). The OAuth 2.0 token client implements it, so providers
 * depend on this port, not on the protocol client.
 */
public interface AppTokenEndpoint {

    /**
     * POSTs {@code form} to {@code tokenUri} and reads the RFC 6749 token response; an error answer becomes a typed
     * failure through the registration's {@link TokenErrorClassifier}, a transport failure a transient one. No
     * client authentication is added: the form carries it ({@code client_secret}, {@code client_assertion}), or
     * {@code basicSecret} sends HTTP Basic with the registration's client id.
     *
     * @param secretFields the form fields whose values are secrets, redacted should an error answer quote them
     */
    Mono<TokenSet> requestToken(
            ProviderRegistration registration,
            ConnectionId connection,
            URI tokenUri,
            Map<String, String> form,
            @Nullable Secret basicSecret,
            java.util.Set<String> secretFields);

    /** The HTTP client token requests go through. */
    WebClient webClient();

    /** The most to wait for one request to the provider. */
    Duration timeout();

    /** The clock assertions are dated by. */
    Clock clock();
}
