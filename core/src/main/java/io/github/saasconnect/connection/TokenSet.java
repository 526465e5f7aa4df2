package io.github.saasconnect.connection;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The tokens a token endpoint returned, with lifetimes turned into instants.
 *
 * @param accessToken the access token
 * @param accessTokenExpiresAt expiry, or {@code null} when the provider said none and has no default
 * @param tokenType the token type, normalised to {@code Bearer} when the provider says {@code bearer}
 * @param refreshToken the refresh token, or {@code null} when none came back
 * @param refreshTokenExpiresAt from {@code refresh_token_expires_in} (or the provider's known fixed lifetime), or
 *     {@code null}
 * @param scopes the granted scopes, empty when the response did not list them
 * @param idToken the raw OpenID Connect ID token, or {@code null}
 * @param extra other response fields that are not secrets (for example Microsoft's {@code ext_expires_in})
 */
public record TokenSet(
        Secret accessToken,
        @Nullable Instant accessTokenExpiresAt,
        String tokenType,
        @Nullable Secret refreshToken,
        @Nullable Instant refreshTokenExpiresAt,
        Set<String> scopes,
        @Nullable Secret idToken,
        Map<String, String> extra) {

    public TokenSet {
        Objects.requireNonNull(accessToken, "accessToken");
        tokenType = tokenType == null || tokenType.equalsIgnoreCase("bearer") ? "Bearer" : tokenType;
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** This token set with the refresh token's end of life set to {@code expiresAt}. */
    public TokenSet withRefreshTokenExpiresAt(Instant expiresAt) {
        return new TokenSet(
                accessToken, accessTokenExpiresAt, tokenType, refreshToken, expiresAt, scopes, idToken, extra);
    }
}
