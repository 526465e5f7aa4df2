package io.github.saasconnect.testkit.sandbox.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * An issued refresh token and its life so far.
 *
 * @param value the token
 * @param grantId the grant it was issued under
 * @param chainId the code exchange it descends from
 * @param userId the user
 * @param clientId the client
 * @param scopes its scopes
 * @param issuedAt when issued
 * @param lastUsedAt when last presented successfully (initially {@code issuedAt})
 * @param expiresAt fixed expiry, or {@code null}
 * @param idleLifetime how long it may go unused, or {@code null}
 * @param rotatedAt when it was first used to obtain a successor, or {@code null}
 * @param revokedAt when revoked, or {@code null}
 */
public record RefreshToken(
        String value,
        String grantId,
        String chainId,
        String userId,
        String clientId,
        Set<String> scopes,
        Instant issuedAt,
        Instant lastUsedAt,
        Instant expiresAt,
        Duration idleLifetime,
        Instant rotatedAt,
        Instant revokedAt) {

    public RefreshToken {
        scopes = Scopes.copyOf(scopes);
    }

    /** The moment idleness kills this token, or {@code null}. */
    public Instant idleExpiresAt() {
        return idleLifetime == null ? null : lastUsedAt.plus(idleLifetime);
    }

    RefreshToken used(Instant at, boolean rotated) {
        return new RefreshToken(
                value,
                grantId,
                chainId,
                userId,
                clientId,
                scopes,
                issuedAt,
                at,
                expiresAt,
                idleLifetime,
                rotated && rotatedAt == null ? at : rotatedAt,
                revokedAt);
    }

    RefreshToken revoke(Instant at) {
        return revokedAt != null
                ? this
                : new RefreshToken(
                        value,
                        grantId,
                        chainId,
                        userId,
                        clientId,
                        scopes,
                        issuedAt,
                        lastUsedAt,
                        expiresAt,
                        idleLifetime,
                        rotatedAt,
                        at);
    }

    RefreshToken expire(Instant at) {
        return new RefreshToken(
                value,
                grantId,
                chainId,
                userId,
                clientId,
                scopes,
                issuedAt,
                lastUsedAt,
                at,
                idleLifetime,
                rotatedAt,
                revokedAt);
    }
}
