package io.github.saasconnect.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive hold of one process, and one store in it, on a store directory: an OS lock on its {@code .lock}
 * file, which also records the holder's pid so that the next process to try can say who holds it.
 */
final class DirectoryLock implements AutoCloseable {

    static final String LOCK_FILE = ".lock";

    // Locks on a file belong to the process, and on POSIX closing any channel to the file releases all of
    // them. A second store in this JVM must therefore be turned away before it opens the lock file at all,
    // which takes one registry per JVM.
    private static final Set<Path> HELD_IN_THIS_PROCESS = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code directory} (a real path that exists).
     *
     * @throws FileStoreLockedException when another store, in this process or another, holds it
     * @throws IOException when the lock file cannot be created or locked
     */
    static DirectoryLock acquire(Path directory) throws IOException {
        if (!HELD_IN_THIS_PROCESS.add(directory)) {
            throw new FileStoreLockedException(directory, "another FileTokenStore in this process");
        }
        try {
            return lock(directory);
        } catch (OverlappingFileLockException e) {
            HELD_IN_THIS_PROCESS.remove(directory);
            throw new FileStoreLockedException(directory, "another channel in this process");
        } catch (IOException | RuntimeException e) {
            HELD_IN_THIS_PROCESS.remove(directory);
            throw e;
        }
    }

    private static DirectoryLock lock(Path directory) throws IOException {
        Path lockFile = directory.resolve(LOCK_FILE);
        FileChannel channel = FileChannel.open(
                lockFile,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                OwnerOnly.file(lockFile));
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new FileStoreLockedException(directory, holder(channel));
            }
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            return new DirectoryLock(directory, channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Who holds the lock, as far as the lock file tells (Windows does not let us read a locked file). */
    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(32);
            channel.read(buffer, 0);
            String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
            return pid.matches("[0-9]{1,19}") ? "process " + pid : "another process";
        } catch (IOException e) {
            return "another process";
        }
    }

    /** Releases the lock; the directory is free for the next store even when releasing reports an error. */
    @Override
    public void close() throws IOException {
        try (FileChannel closing = channel) {
            lock.release();
        } finally {
            HELD_IN_THIS_PROCESS.remove(directory);
        }
    }
}
