package io.github.saasconnect.store.file;

import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.failure.SaasConnectException;
import java.nio.file.Path;

/**
 * The key file does not exist but the store directory holds records: a new key would make every one of them
 * unreadable, so none is created. Restore the key file from a backup or configure the key the records were written
 * with. Its kind is {@link FailureKind#STORE_UNAVAILABLE}; it concerns no one registration.
 */
public final class MissingFileStoreKeyException extends SaasConnectException {

    private final transient Path keyFile;

    MissingFileStoreKeyException(Path keyFile, Path storeDirectory) {
        super(
                FailureKind.STORE_UNAVAILABLE,
                null,
                null,
                "the file store key file " + keyFile + " does not exist, but the store directory " + storeDirectory
                        + " holds connection records encrypted with a key. A new key would make every one of them "
                        + "unreadable, so none was created. Restore the key file from your backup, or configure the key "
                        + "the records were written with; to start afresh, move the store directory away",
                null);
        this.keyFile = keyFile;
    }

    /** The key file that is missing. */
    public Path keyFile() {
        return keyFile;
    }
}
