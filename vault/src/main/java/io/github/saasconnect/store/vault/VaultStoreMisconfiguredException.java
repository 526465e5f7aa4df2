package io.github.saasconnect.store.vault;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.failure.SaasConnectException;

/**
 * Vault refused the store's request for a reason only an operator can fix: the token's policy does not allow
 * the path (403), or the mount is not a KV v2 engine; or the store's configuration does not match what Vault holds
 * (the owner digest secret). Not retried by the store. The message names the paths
 * and capabilities the store needs, never a token.
 *
 * <p>Its kind is {@link FailureKind#STORE_UNAVAILABLE}: the {@code TokenManager} keeps serving cached tokens
 * and keeps refreshed ones pending, so they land once the policy is fixed.
 */
public final class VaultStoreMisconfiguredException extends SaasConnectException {

    private final int status;
    private final boolean tokenRejected;

    VaultStoreMisconfiguredException(ConnectionId connection, String registration, int status, String message) {
        this(connection, registration, status, false, message);
    }

    VaultStoreMisconfiguredException(
            ConnectionId connection, String registration, int status, boolean tokenRejected, String message) {
        super(
                FailureKind.STORE_UNAVAILABLE,
                connection != null ? connection.registration() : registration,
                connection,
                message,
                null);
        this.status = status;
        this.tokenRejected = tokenRejected;
    }

    /**
     * Whether Vault refused the token itself (expired, revoked or unknown: even its own lookup was denied) rather
     * than a policy denying the path to a valid token.
     */
    public boolean tokenRejected() {
        return tokenRejected;
    }

    /** The HTTP status Vault answered: 403 (permission denied) or 404 (no such mount); 0 for a configuration mismatch. */
    public int status() {
        return status;
    }
}
