package io.github.saasconnect.store.file;

import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.failure.SaasConnectException;
import java.nio.file.Path;

/**
 * Another {@link FileTokenStore} already uses the directory, in this process or in another one. A directory
 * serves one process at a time; several instances of an application need the Vault store (or a directory
 * each). Its kind is {@link FailureKind#STORE_UNAVAILABLE}; it concerns no one registration.
 */
public final class FileStoreLockedException extends SaasConnectException {

    private final transient Path directory;

    public FileStoreLockedException(Path directory, String holder) {
        super(
                FailureKind.STORE_UNAVAILABLE,
                null,
                null,
                "the token store directory " + directory + " is already in use by " + holder + " (it holds the lock on "
                        + directory.resolve(DirectoryLock.LOCK_FILE)
                        + "). A file token store directory serves one process "
                        + "at a time: stop the other one, give each instance its own directory, or use the Vault store "
                        + "when several instances share connections",
                null);
        this.directory = directory;
    }

    /** The directory that is in use. */
    public Path directory() {
        return directory;
    }
}
