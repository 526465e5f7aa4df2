package io.github.saasconnect.failure;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;

/**
 * A refresh was not started because the token manager is shutting down. Transient: an instance that keeps running
 * (or this one after a restart) refreshes the connection; nothing about the grant is wrong.
 */
public final class ShuttingDownException extends SaasConnectException {

    public ShuttingDownException(String registration, ConnectionId connection) {
        super(
                FailureKind.TRANSIENT,
                registration,
                connection,
                where(registration, connection)
                        + ": not refreshed, the token manager is shutting down; try again on a running instance",
                null);
    }
}
