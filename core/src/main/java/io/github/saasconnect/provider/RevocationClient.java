package io.github.saasconnect.provider;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import java.time.Duration;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * What a {@link TokenRevoker} may use to reach the provider: RFC 7009 revocation with the registration's client
 * authentication, or the token client's own HTTP client and time limit for a provider-specific call. The OAuth 2.0
 * token client implements it, so that providers depend on this port and not on the protocol client.
 */
public interface RevocationClient {

    /** Revokes {@code token} at the registration's RFC 7009 endpoint. */
    Mono<Void> revoke(ProviderRegistration registration, ConnectionId connection, Secret token, String tokenTypeHint);

    /** The HTTP client token requests go through (for a revocation that is not RFC 7009). */
    WebClient webClient();

    /** The most to wait for one request to the provider. */
    Duration timeout();
}
