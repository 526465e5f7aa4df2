package io.github.saasconnect.provider;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.oauth2.StandardErrorClassifier;
import io.github.saasconnect.oauth2.TokenErrorResponse;
import java.net.URI;
import java.util.Map;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The behaviour of a provider that its {@link ProviderDescriptor} cannot express. Every hook has the
 * standards-compliant default, so an adapter overrides only its provider's quirks.
 */
public interface ProviderAdapter {

    /** The adapter for a standards-compliant OAuth 2.0 provider. */
    ProviderAdapter STANDARD = new ProviderAdapter() { };

    /**
     * Turns an error answer of the token endpoint into a typed failure. Called for every response that
     * carries an {@code error} field, whatever its HTTP status (GitHub answers errors with 200).
     */
    default SaasConnectException classify(ProviderRegistration registration, ConnectionId connection,
            TokenErrorResponse error) {
        return StandardErrorClassifier.classify(registration.id(), connection, error);
    }

    /**
     * Finds provider facts after a code exchange (account id, API base URI, stable user id) to store as
     * connection attributes.
     */
    default Mono<Map<String, String>> discover(ProviderRegistration registration, TokenSet tokens, WebClient http) {
        return Mono.just(Map.of());
    }

    /** Revokes the grant at the provider where it can; completes with what happened. */
    default Mono<Revocation> revoke(ProviderRegistration registration, ConnectionRecord record,
            OAuth2TokenClient client) {
        if (registration.descriptor().revocationUri() == null || record.refreshToken() == null
                && record.accessToken() == null) {
            return Mono.just(Revocation.NOT_SUPPORTED);
        }
        return client.revoke(registration, record.id(),
                        record.refreshToken() != null ? record.refreshToken() : record.accessToken(),
                        record.refreshToken() != null ? "refresh_token" : "access_token")
                .thenReturn(Revocation.REVOKED);
    }

    /** The API base URL for one connection (DocuSign: the account's {@code base_uri}). */
    default URI apiBaseUri(ProviderRegistration registration, ConnectionRecord record) {
        return registration.descriptor().apiBaseUri();
    }

    /** The outcome of a revocation request. */
    enum Revocation {
        /** The provider confirmed it. */
        REVOKED,
        /** The provider offers no revocation; only local data was deleted. */
        NOT_SUPPORTED
    }
}
