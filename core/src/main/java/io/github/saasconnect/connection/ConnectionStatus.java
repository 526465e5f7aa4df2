package io.github.saasconnect.connection;

/** Where a connection stands. */
public enum ConnectionStatus {
    /** Tokens can be refreshed; API calls can be made. */
    ACTIVE,
    /** The grant is gone (revoked, expired, session control); the user must connect again. */
    REAUTHORIZATION_REQUIRED,
    /** The app disconnected it; kept only until it is deleted. */
    REVOKED,
    /**
     * The store holds a record for this connection that it cannot read (written with another key, damaged, or by a
     * newer version). No record carries this status: listings, counts and the user's connection list report it. The
     * user can connect again to replace the record, or disconnect to delete it.
     */
    UNREADABLE
}
