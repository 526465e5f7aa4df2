package io.github.saasconnect.importing;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A grant obtained elsewhere (another application, Spring Security's authorized clients) with the same OAuth client
 * as the registration's, to be stored as a connection. {@link #toString()} shows no token.
 *
 * @param connection the registration and the owner it is stored for
 * @param refreshToken the refresh token
 * @param accessToken the access token, when known; without one the first use (or the verification) refreshes
 * @param accessTokenExpiresAt when the access token expires, when known
 * @param scopes the scopes granted, when known
 * @param issuedAt when the tokens were issued or last refreshed, when known: a stored record refreshed at or after it
 *     is newer and is not overwritten (without it, any stored record is)
 */
public record ImportedGrant(
        ConnectionId connection,
        Secret refreshToken,
        @Nullable Secret accessToken,
        @Nullable Instant accessTokenExpiresAt,
        Set<String> scopes,
        @Nullable Instant issuedAt) {

    public ImportedGrant {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(refreshToken, "refreshToken");
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    /** A bare refresh token for {@code owner}'s connection of {@code registration}. */
    public static ImportedGrant of(String registration, String owner, Secret refreshToken) {
        return new ImportedGrant(ConnectionId.of(registration, owner), refreshToken, null, null, Set.of(), null);
    }

    @Override
    public String toString() {
        return "ImportedGrant[connection=" + connection + ", accessToken=" + (accessToken == null ? "none" : "present")
                + ", accessTokenExpiresAt=" + accessTokenExpiresAt + ", scopes=" + scopes + ", issuedAt=" + issuedAt
                + "]";
    }
}
