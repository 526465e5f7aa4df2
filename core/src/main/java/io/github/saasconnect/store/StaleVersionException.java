package io.github.saasconnect.store;

import io.github.saasconnect.connection.ConnectionId;

/** A compare-and-set write named a version that is no longer the stored one: someone else wrote first. */
public final class StaleVersionException extends RuntimeException {

    private final ConnectionId connection;
    private final long expectedVersion;

    public StaleVersionException(ConnectionId connection, long expectedVersion) {
        super("connection " + connection + " changed since version " + expectedVersion + "; read it again", null,
                false, false);
        this.connection = connection;
        this.expectedVersion = expectedVersion;
    }

    /** The connection written. */
    public ConnectionId connection() {
        return connection;
    }

    /** The version the write expected. */
    public long expectedVersion() {
        return expectedVersion;
    }
}
