package io.github.saasconnect.store.crypto;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.failure.SaasConnectException;
import org.jspecify.annotations.Nullable;

/**
 * A sealed record cannot be opened: its key id is not in the keyring, it does not authenticate (damaged, or moved
 * from another record), or its format is unknown. A store that meets one leaves the record as it is and never
 * overwrites it. The message names the key id and the connection, never key material or content.
 */
public final class RecordCipherException extends SaasConnectException {

    /** Why the record cannot be opened. */
    public enum Reason {
        /** Written under a key the keyring does not hold: add that key (as a previous key) to read it. */
        UNKNOWN_KEY,
        /** The wrapped key or the ciphertext does not authenticate: damaged, or not this record's. */
        INTEGRITY,
        /** Not a sealed record of a format this version reads. */
        MALFORMED
    }

    private final Reason reason;
    private final @Nullable String keyId;
    private final String detail;

    private RecordCipherException(
            @Nullable String registration,
            @Nullable ConnectionId connection,
            Reason reason,
            @Nullable String keyId,
            String detail) {
        super(
                FailureKind.STORE_UNAVAILABLE,
                registration,
                connection,
                (connection != null
                                ? "the stored record of connection " + connection
                                : registration != null
                                        ? "a stored record of registration '" + registration + "'"
                                        : "a stored record")
                        + " cannot be read: " + detail,
                null);
        this.reason = reason;
        this.keyId = keyId;
        this.detail = detail;
    }

    static RecordCipherException unknownKey(String keyId) {
        return new RecordCipherException(
                null,
                null,
                Reason.UNKNOWN_KEY,
                keyId,
                "it was written under key id '" + keyId + "', which the keyring does not hold; add that key as a "
                        + "previous key (the record is left untouched)");
    }

    static RecordCipherException integrity(String keyId) {
        return new RecordCipherException(
                null,
                null,
                Reason.INTEGRITY,
                keyId,
                "it does not authenticate under key id '" + keyId + "' (damaged, or not this record's data; the "
                        + "record is left untouched)");
    }

    /**
     * A key service outside the application (such as Vault Transit) refused to unwrap a record's data key.
     *
     * @param detail why, and what to do; names the key id, never key material
     */
    public static RecordCipherException refusedByKeyService(Reason reason, String keyId, String detail) {
        return new RecordCipherException(null, null, reason, keyId, detail);
    }

    static RecordCipherException malformed(String detail) {
        return new RecordCipherException(null, null, Reason.MALFORMED, null, detail);
    }

    /** The same failure, naming the connection whose record it is. */
    public RecordCipherException of(ConnectionId connection) {
        return new RecordCipherException(connection.registration(), connection, reason, keyId, detail);
    }

    /** The same failure, naming the registration whose record it is (when the owner cannot be read). */
    public RecordCipherException in(String registration) {
        return new RecordCipherException(registration, null, reason, keyId, detail);
    }

    /** Why the record cannot be opened. */
    public Reason reason() {
        return reason;
    }

    /** The key id the record names, when it could be read. */
    public @Nullable String keyId() {
        return keyId;
    }
}
