package io.github.saasconnect.store;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.failure.SaasConnectException;

/**
 * A compare-and-set write named a version that is no longer the stored one: someone else wrote first
 * ({@link FailureKind#CONFLICT}). Expected control flow between instances, so it carries no stack trace.
 */
public final class StaleVersionException extends SaasConnectException {

    private final long expectedVersion;

    public StaleVersionException(ConnectionId connection, long expectedVersion) {
        super(
                FailureKind.CONFLICT,
                connection.registration(),
                connection,
                "connection " + connection + " changed since version " + expectedVersion + "; read it again");
        this.expectedVersion = expectedVersion;
    }

    /** The version the write expected. */
    public long expectedVersion() {
        return expectedVersion;
    }
}
