package io.github.saasconnect.event;

import io.github.saasconnect.connection.ConnectionId;
import java.time.Instant;

/** A user connected (or reconnected) an account. */
public record ConnectionConnectedEvent(ConnectionId connection, Instant at) implements ConnectionEvent {}
