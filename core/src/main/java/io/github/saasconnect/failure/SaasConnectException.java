package io.github.saasconnect.failure;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;

/**
 * Base of every failure SaaS Connect reports. Carries the kind, the registration and (when known) the
 * connection; messages name the provider's error code, never a token, secret or authorization code.
 */
public abstract class SaasConnectException extends RuntimeException {

    private final FailureKind kind;
    private final String registration;
    private final ConnectionId connection;

    protected SaasConnectException(FailureKind kind, String registration, ConnectionId connection, String message,
            Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.registration = registration;
        this.connection = connection;
    }

    /** The failure class. */
    public FailureKind kind() {
        return kind;
    }

    /** The registration concerned. */
    public String registration() {
        return registration;
    }

    /** The connection concerned, or {@code null} when the failure is not about one connection. */
    public ConnectionId connection() {
        return connection;
    }

    protected static String where(String registration, ConnectionId connection) {
        return connection != null ? "connection " + connection : "registration '" + registration + "'";
    }
}
