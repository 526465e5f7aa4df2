package io.github.saasconnect.store;

import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.failure.SaasConnectException;

/**
 * A store holds connections in a layout of an earlier version and was told not to migrate them: it refuses to start
 * rather than lose sight of them. The message names the setting that allows the migration. Its kind is
 * {@link FailureKind#STORE_UNAVAILABLE}; it concerns no one registration.
 */
public final class StoreMigrationRequiredException extends SaasConnectException {

    private final String store;

    public StoreMigrationRequiredException(String store, String message) {
        super(FailureKind.STORE_UNAVAILABLE, null, null, message, null);
        this.store = store;
    }

    /** The store's {@linkplain TokenStore#name() name}: {@code file}, {@code vault} ... */
    public String store() {
        return store;
    }
}
