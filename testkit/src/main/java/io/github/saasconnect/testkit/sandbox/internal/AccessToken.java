package io.github.saasconnect.testkit.sandbox.internal;

import java.time.Instant;
import java.util.Set;

/**
 * An issued access token.
 *
 * @param value the token
 * @param grantId the grant it was issued under
 * @param chainId the code exchange it descends from (refreshes keep the chain)
 * @param userId the user
 * @param clientId the client
 * @param scopes its scopes
 * @param issuedAt when issued
 * @param expiresAt when it expires, or {@code null} for a token that never does
 * @param revokedAt when revoked, or {@code null}
 */
public record AccessToken(
        String value,
        String grantId,
        String chainId,
        String userId,
        String clientId,
        Set<String> scopes,
        Instant issuedAt,
        Instant expiresAt,
        Instant revokedAt) {

    public AccessToken {
        scopes = Scopes.copyOf(scopes);
    }

    AccessToken revoke(Instant at) {
        return revokedAt != null
                ? this
                : new AccessToken(value, grantId, chainId, userId, clientId, scopes, issuedAt, expiresAt, at);
    }

    AccessToken expire(Instant at) {
        return new AccessToken(value, grantId, chainId, userId, clientId, scopes, issuedAt, at, revokedAt);
    }
}
