package io.github.saasconnect.failure;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;

/** A failure that may pass: 5xx, an HTML error page, a malformed body, a timeout, a reset. */
public final class TransientFailureException extends SaasConnectException {

    private final int status;

    public TransientFailureException(
            String registration, ConnectionId connection, int status, String detail, Throwable cause) {
        super(
                FailureKind.TRANSIENT,
                registration,
                connection,
                where(registration, connection) + ": " + (status > 0 ? "HTTP " + status + ", " : "") + detail,
                cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }
}
