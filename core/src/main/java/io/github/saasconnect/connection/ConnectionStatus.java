package io.github.saasconnect.connection;

/** Where a connection stands. */
public enum ConnectionStatus {
    /** Tokens can be refreshed; API calls can be made. */
    ACTIVE,
    /** The grant is gone (revoked, expired, session control); the user must connect again. */
    REAUTHORIZATION_REQUIRED,
    /** The app disconnected it; kept only until it is deleted. */
    REVOKED
}
