package io.github.saasconnect.connect;

import io.github.saasconnect.connection.ConnectionId;

/**
 * A deleted connection.
 *
 * @param connection the connection
 * @param revokedAtProvider whether the provider confirmed the revocation; {@code false} when it offers none or
 *     the request failed (the connection is deleted here either way)
 */
public record DisconnectResult(ConnectionId connection, boolean revokedAtProvider) {}
