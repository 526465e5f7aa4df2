package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.UnreadableRecordException;
import io.github.saasconnect.store.crypto.RecordCipherException;

/**
 * A connection's row holds a record this store cannot open: sealed under a key the keyring does not hold, damaged,
 * or moved from another row. The row is left as it is; the connect flow isolates it like any unreadable record
 * (listed as unreadable, replaced by a reconnect, deleted by a disconnect). The message names the connection and the
 * key id, never key material or content.
 */
public final class UnreadableJdbcRecordException extends UnreadableRecordException {

    private final RecordCipherException.Reason reason;

    UnreadableJdbcRecordException(ConnectionId connection, RecordCipherException cause) {
        super(
                connection,
                "the JDBC row of connection " + connection + " cannot be read: " + cause.getMessage()
                        + ". It was left untouched: restore the key it was sealed with to the keyring, or delete the "
                        + "connection (or let the user connect again, which replaces it)");
        this.reason = cause.reason();
    }

    /** Why the row cannot be opened. */
    public RecordCipherException.Reason reason() {
        return reason;
    }
}
