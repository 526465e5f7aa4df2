package io.github.saasconnect.testkit.sandbox;

import java.time.Instant;
import java.util.Set;

/**
 * Tokens a sandbox issued directly, without a browser round trip, so a test can start from "already connected".
 *
 * @param user the user they belong to
 * @param accessToken a live access token
 * @param refreshToken a live refresh token, or {@code null} where the provider issues none (GitHub OAuth Apps)
 * @param accessTokenExpiresAt when the access token expires, or {@code null} when it never does
 * @param scopes granted scopes
 */
public record SeededConnection(
        SandboxUser user, String accessToken, String refreshToken, Instant accessTokenExpiresAt, Set<String> scopes) {

    public SeededConnection {
        scopes = Set.copyOf(scopes);
    }
}
