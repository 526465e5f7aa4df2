package io.github.saasconnect.testkit.sandbox.internal;

import java.time.Instant;
import java.util.Set;

/**
 * A user's consent for one client; revoking it ends every refresh token issued under it.
 *
 * @param id unique per consent (a new consent after revocation gets a new id)
 * @param userId the user
 * @param clientId the client
 * @param scopes every scope consented so far
 * @param createdAt when consent was first given
 * @param revokedAt when it was revoked, or {@code null}
 */
public record Grant(
        String id, String userId, String clientId, Set<String> scopes, Instant createdAt, Instant revokedAt) {

    public Grant {
        scopes = Scopes.copyOf(scopes);
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
