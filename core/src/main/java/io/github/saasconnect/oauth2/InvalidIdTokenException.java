package io.github.saasconnect.oauth2;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.failure.SaasConnectException;

/**
 * The ID token of a code exchange failed a check ({@link #check()}), so the tokens were not used: a replayed or
 * injected authorization response, a token issued to another client, or a registration whose issuer or keys are
 * configured wrong. The message names the check, never the token or a claim's value.
 */
public final class InvalidIdTokenException extends SaasConnectException {

    private final IdTokenCheck check;

    public InvalidIdTokenException(String registration, ConnectionId connection, IdTokenCheck check, String detail) {
        super(
                FailureKind.REQUEST_REJECTED,
                registration,
                connection,
                "registration '" + registration + "': the ID token failed the "
                        + check.name().toLowerCase(java.util.Locale.ROOT) + " check: " + detail);
        this.check = check;
    }

    /** The check that failed. */
    public IdTokenCheck check() {
        return check;
    }
}
