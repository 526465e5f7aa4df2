package io.github.saasconnect.connect;

import io.github.saasconnect.connection.ConnectionId;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A started authorization: send the user's browser to {@link #location()}.
 *
 * @param connection the connection it will make
 * @param location the provider's authorization URL with the state (and PKCE challenge); {@code toString()} leaves
 *     out its query
 * @param expiresAt until when the callback is accepted
 */
public record ConnectRedirect(ConnectionId connection, URI location, Instant expiresAt) {

    public ConnectRedirect {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "ConnectRedirect[connection=" + connection + ", to=" + location.getScheme() + "://"
                + location.getRawAuthority() + location.getRawPath() + ", expiresAt=" + expiresAt + "]";
    }
}
