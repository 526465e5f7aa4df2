package io.github.saasconnect.provider;

import io.github.saasconnect.connection.ConnectionRecord;
import reactor.core.publisher.Mono;

/** Revokes a connection's grant at the provider where it can, when the user disconnects. */
@FunctionalInterface
public interface TokenRevoker {

    /**
     * RFC 7009 at the descriptor's revocation endpoint, with the refresh token (else the access token);
     * {@link Revocation#NOT_SUPPORTED} when there is no endpoint or no token.
     */
    TokenRevoker RFC_7009 = (registration, record, client) -> {
        if (registration.descriptor().revocationUri() == null
                || record.refreshToken() == null && record.accessToken() == null) {
            return Mono.just(Revocation.NOT_SUPPORTED);
        }
        boolean refresh = record.refreshToken() != null;
        return client.revoke(
                        registration,
                        record.id(),
                        refresh ? record.refreshToken() : record.accessToken(),
                        refresh ? "refresh_token" : "access_token")
                .thenReturn(Revocation.REVOKED);
    };

    /** Revokes {@code record}'s grant; completes with what happened, or fails with a typed failure. */
    Mono<Revocation> revoke(ProviderRegistration registration, ConnectionRecord record, RevocationClient client);
}
