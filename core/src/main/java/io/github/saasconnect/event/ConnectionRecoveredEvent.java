package io.github.saasconnect.event;

import io.github.saasconnect.connection.ConnectionId;
import java.time.Instant;

/** A connection that needed reauthorization works again after the user reconnected. */
public record ConnectionRecoveredEvent(ConnectionId connection, Instant at) implements ConnectionEvent {}
