package io.github.saasconnect.failure;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;

/** The provider rejected the client itself ({@code invalid_client}, {@code unauthorized_client}, bad redirect). */
public final class ClientMisconfiguredException extends SaasConnectException {

    private final String errorCode;

    public ClientMisconfiguredException(String registration, ConnectionId connection, String errorCode, String detail) {
        super(
                FailureKind.CLIENT_MISCONFIGURED,
                registration,
                connection,
                "registration '" + registration
                        + "' was rejected by the provider with '" + errorCode + "'"
                        + (detail == null ? "" : ": " + detail)
                        + "; check saas-connect.providers." + registration
                        + (connection != null && connection.isApp()
                                ? ".client-id and app.* (the app credentials)"
                                : ".client-id, client-secret and redirect settings"),
                null);
        this.errorCode = errorCode;
    }

    /** The provider's error code. */
    public String errorCode() {
        return errorCode;
    }
}
