package io.github.saasconnect.event;

import io.github.saasconnect.connection.ConnectionId;
import java.time.Instant;

/** A connection's tokens were refreshed at the provider and stored (or queued for storing). */
public record ConnectionRefreshedEvent(ConnectionId connection, Instant at) implements ConnectionEvent {}
