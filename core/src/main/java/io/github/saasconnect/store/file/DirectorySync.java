package io.github.saasconnect.store.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Flushes a directory's entries to disk, so that a file created or renamed in it survives a power loss.
 * Only some platforms let a program open a directory (Linux and macOS do, Windows does not, and there NTFS
 * journals the rename itself).
 */
final class DirectorySync {

    private DirectorySync() {}

    /**
     * Flushes {@code dir}.
     *
     * @return {@code false} when the platform cannot open a directory, so there is nothing to flush
     * @throws IOException when the directory was opened but could not be flushed
     */
    static boolean force(Path dir) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException platformRefuses) {
            return false;
        }
        try (channel) {
            channel.force(true);
            return true;
        }
    }
}
