package io.github.saasconnect.failure;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;

/**
 * A refresh request reached a provider that rotates refresh tokens strictly, and its answer was lost. Retrying
 * with the same refresh token could burn the connection, so it is not retried blindly.
 */
public final class AmbiguousRotationException extends SaasConnectException {

    public AmbiguousRotationException(String registration, ConnectionId connection, Throwable cause) {
        super(
                FailureKind.AMBIGUOUS_ROTATION,
                registration,
                connection,
                where(registration, connection)
                        + ": the refresh request was sent but its response was lost ("
                        + cause.getClass().getSimpleName()
                        + "); the provider may have rotated the refresh token",
                cause);
    }
}
