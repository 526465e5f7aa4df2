package io.github.saasconnect.client;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.failure.SaasConnectException;

/**
 * A provider's API answered 401 again after the connection's token was refreshed: the fresh token is not accepted
 * either. Not retried (that would loop); the connection is not marked, since the refresh itself worked. The grant no
 * longer gives access to this API (revoked app access, a suspended account, a token for another resource): the user
 * should connect again.
 */
public final class ApiUnauthorizedException extends SaasConnectException {

    public ApiUnauthorizedException(String registration, ConnectionId connection, String method, String path) {
        super(
                FailureKind.REAUTHORIZATION_REQUIRED,
                registration,
                connection,
                where(registration, connection)
                        + ": the API answered 401 to " + method + " " + path + " again with a freshly refreshed token;"
                        + " the grant no longer gives access to this API, so the user should connect again",
                null);
    }
}
