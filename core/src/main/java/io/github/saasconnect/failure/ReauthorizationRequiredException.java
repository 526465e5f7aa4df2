package io.github.saasconnect.failure;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;

/** The user must connect again: the provider no longer honours the grant. Never retried. */
public final class ReauthorizationRequiredException extends SaasConnectException {

    private final ReauthorizationCause reason;
    private final String errorCode;

    public ReauthorizationRequiredException(
            String registration, ConnectionId connection, ReauthorizationCause cause, String errorCode, String detail) {
        super(
                FailureKind.REAUTHORIZATION_REQUIRED,
                registration,
                connection,
                where(registration, connection) + " needs the user to connect again (" + cause + ", provider error '"
                        + errorCode + "'" + (detail == null ? "" : ": " + detail) + ")",
                null);
        this.reason = cause;
        this.errorCode = errorCode;
    }

    /** Why the grant ended, as far as the provider says. */
    public ReauthorizationCause reason() {
        return reason;
    }

    /** The provider's error code, for example {@code invalid_grant} or {@code bad_refresh_token}. */
    public String errorCode() {
        return errorCode;
    }

    /** This failure about a specific connection. */
    public ReauthorizationRequiredException about(ConnectionId id) {
        return new ReauthorizationRequiredException(registration(), id, reason, errorCode, null);
    }
}
