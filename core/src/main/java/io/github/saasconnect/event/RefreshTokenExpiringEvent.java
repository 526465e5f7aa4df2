package io.github.saasconnect.event;

import io.github.saasconnect.connection.ConnectionId;
import java.time.Instant;

/** A connection's refresh token reaches a fixed expiry soon; ask the user to reconnect before {@code expiresAt}. */
public record RefreshTokenExpiringEvent(ConnectionId connection, Instant expiresAt, Instant at)
        implements ConnectionEvent {}
