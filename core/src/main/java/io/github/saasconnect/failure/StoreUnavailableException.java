package io.github.saasconnect.failure;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;

/** The token store could not be read or written (sealed, unreachable, rate limited, refused). */
public final class StoreUnavailableException extends SaasConnectException {

    public StoreUnavailableException(String store, ConnectionId connection, String detail, Throwable cause) {
        super(
                FailureKind.STORE_UNAVAILABLE,
                connection == null ? null : connection.registration(),
                connection,
                "token store '" + store + "' is unavailable" + (connection == null ? "" : " for " + connection) + ": "
                        + detail,
                cause);
    }
}
