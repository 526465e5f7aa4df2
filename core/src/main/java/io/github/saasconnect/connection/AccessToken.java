package io.github.saasconnect.connection;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A usable access token for one connection.
 *
 * @param connection the connection it belongs to
 * @param value the token; {@code toString()} shows a fingerprint only
 * @param expiresAt expiry, or {@code null} for a token that does not expire
 * @param tokenType normally {@code Bearer}
 * @param scopes the granted scopes
 */
public record AccessToken(
        ConnectionId connection, Secret value, @Nullable Instant expiresAt, String tokenType, Set<String> scopes) {

    public AccessToken {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(value, "value");
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    /** The value of an {@code Authorization} header carrying this token. */
    public String authorizationHeader() {
        return "Bearer " + value.reveal();
    }
}
