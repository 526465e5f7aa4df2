package io.github.saasconnect.failure;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;

/**
 * The provider no longer lets the app act for this app connection's subject: a GitHub App was uninstalled from the
 * account, a domain-wide delegation was withdrawn. Not retried; an {@link io.github.saasconnect.event.AppAccessRevokedEvent}
 * is published once per failed mint so that a job can drop the subject.
 */
public final class AppAccessRevokedException extends SaasConnectException {

    private final String errorCode;

    public AppAccessRevokedException(String registration, ConnectionId connection, String errorCode, String detail) {
        super(
                FailureKind.NOT_CONNECTED,
                registration,
                connection,
                "the provider no longer grants app connection " + connection + " ('" + errorCode + "')"
                        + (detail == null ? "" : ": " + detail),
                null);
        this.errorCode = errorCode;
    }

    /** The provider's error code, or {@code http_<status>} where the provider answered with a status only. */
    public String errorCode() {
        return errorCode;
    }
}
