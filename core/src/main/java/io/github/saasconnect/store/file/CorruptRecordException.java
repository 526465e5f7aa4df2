package io.github.saasconnect.store.file;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.UnreadableRecordException;
import java.nio.file.Path;

/**
 * A connection's record file cannot be decrypted or parsed: it is damaged, was written with another key or
 * by a newer version. The store leaves such a file exactly as it is: reads and writes of that connection
 * fail with this exception until an operator restores the file (or the key), the connection is deleted, or the user
 * connects again (which deletes it first).
 *
 * <p>The message names the connection and the file and says why; it never contains the key or any part of
 * the file's content.
 */
public final class CorruptRecordException extends UnreadableRecordException {

    private final transient Path file;

    public CorruptRecordException(ConnectionId connection, Path file, String reason) {
        super(
                connection,
                "the stored record of connection " + connection + " cannot be read from " + file + ": " + reason
                        + ". The file was left untouched and will not be overwritten: configure the key it was "
                        + "written with, restore it from a backup, or delete the connection so the user can "
                        + "connect again");
        this.file = file;
    }

    /** The unreadable file. */
    public Path file() {
        return file;
    }
}
