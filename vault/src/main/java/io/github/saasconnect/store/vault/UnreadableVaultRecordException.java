package io.github.saasconnect.store.vault;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.UnreadableRecordException;

/**
 * A connection's secret in Vault is not a record this version can read: a field is missing or malformed, it
 * was written by a newer version, or it holds another connection's record. The store leaves the secret as it
 * is; the message names the connection, the Vault path and why, never a value from the secret.
 */
public final class UnreadableVaultRecordException extends UnreadableRecordException {

    private final String path;

    UnreadableVaultRecordException(ConnectionId connection, String path, String reason) {
        super(
                connection,
                "the Vault secret " + path + " of connection " + connection + " cannot be read: " + reason
                        + ". It was left untouched: restore an earlier version (vault kv rollback), or delete the "
                        + "connection (or let the user connect again, which replaces it)");
        this.path = path;
    }

    /** The secret's data path, such as {@code secret/data/saas-connect/connections/github/3q2-...}. */
    public String path() {
        return path;
    }
}
