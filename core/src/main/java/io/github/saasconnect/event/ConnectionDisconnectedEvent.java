package io.github.saasconnect.event;

import io.github.saasconnect.connection.ConnectionId;
import java.time.Instant;

/** A connection was deleted; {@code revokedAtProvider} says whether the provider revoked the grant too. */
public record ConnectionDisconnectedEvent(ConnectionId connection, boolean revokedAtProvider, Instant at)
        implements ConnectionEvent {}
