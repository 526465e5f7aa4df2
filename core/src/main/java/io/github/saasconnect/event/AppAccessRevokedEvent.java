package io.github.saasconnect.event;

import io.github.saasconnect.connection.ConnectionId;
import java.time.Instant;

/**
 * The provider refused to mint a token for an app connection because the app may no longer act for its subject (a
 * removed GitHub App installation). Nothing is stored for app connections, so nothing is marked: the event is how
 * an application learns to stop asking.
 */
public record AppAccessRevokedEvent(ConnectionId connection, String errorCode, Instant at) implements ConnectionEvent {}
