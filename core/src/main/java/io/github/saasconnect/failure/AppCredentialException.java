package io.github.saasconnect.failure;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import org.jspecify.annotations.Nullable;

/**
 * An app connection could not be minted because of how the application is set up, before or without the provider
 * rejecting anything: the registration has no app credentials, the connection's subject is not one the provider
 * accepts, or the signing key cannot sign. Never retried; the message names the property or the connection to fix
 * and never carries key material.
 */
public final class AppCredentialException extends SaasConnectException {

    public AppCredentialException(String registration, @Nullable ConnectionId connection, String message) {
        super(FailureKind.CLIENT_MISCONFIGURED, registration, connection, message, null);
    }

    public AppCredentialException(
            String registration, @Nullable ConnectionId connection, String message, @Nullable Throwable cause) {
        super(FailureKind.CLIENT_MISCONFIGURED, registration, connection, message, cause);
    }
}
