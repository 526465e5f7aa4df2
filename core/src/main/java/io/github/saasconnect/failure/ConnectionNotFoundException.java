package io.github.saasconnect.failure;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;

/** No connection is stored for this registration and owner: the user has not connected yet. */
public final class ConnectionNotFoundException extends SaasConnectException {

    public ConnectionNotFoundException(ConnectionId connection) {
        super(
                FailureKind.NOT_CONNECTED,
                connection.registration(),
                connection,
                "no connection " + connection + "; the user must connect first",
                null);
    }
}
