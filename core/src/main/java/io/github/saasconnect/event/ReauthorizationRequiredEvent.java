package io.github.saasconnect.event;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.ReauthorizationCause;
import java.time.Instant;

/** The provider no longer honours a connection's grant: ask the user to connect again. */
public record ReauthorizationRequiredEvent(
        ConnectionId connection, ReauthorizationCause cause, String errorCode, Instant at) implements ConnectionEvent {}
