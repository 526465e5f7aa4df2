package io.github.saasconnect.event;

import io.github.saasconnect.connection.ConnectionId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A new access token was minted for an app connection (client credentials, an installation token, a JWT grant).
 * The app-connection counterpart of {@link ConnectionRefreshedEvent}: nothing was stored, the token is cached in
 * memory until its refresh window.
 *
 * @param expiresAt when the minted token expires, or {@code null} when the provider gave no lifetime
 */
public record AppTokenMintedEvent(
        ConnectionId connection, Instant at, @Nullable Instant expiresAt) implements ConnectionEvent {}
