package io.github.saasconnect.store;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.failure.SaasConnectException;

/**
 * The store holds a record for a connection that it cannot read: written with another key, damaged, written by a
 * newer version, or holding another connection's record. Trying again does not help; the store leaves the record
 * as it is. The connect flow isolates it: the user's connection list shows it as
 * {@link io.github.saasconnect.connection.ConnectionStatus#UNREADABLE}, connecting again replaces it and
 * disconnecting deletes it. Its kind is {@link FailureKind#STORE_UNAVAILABLE}.
 *
 * <p>Messages name the connection, where the record is and why it cannot be read, never any of its content.
 */
public abstract class UnreadableRecordException extends SaasConnectException {

    protected UnreadableRecordException(ConnectionId connection, String message) {
        super(FailureKind.STORE_UNAVAILABLE, connection.registration(), connection, message, null);
    }
}
