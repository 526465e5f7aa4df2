package io.github.saasconnect.store.file;

import io.github.saasconnect.connection.internal.NonBlockingRandom;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole-file reads and writes of a store directory. A write goes to an owner-only temporary file beside the target,
 * is flushed, renamed over the target in one atomic step, and the directory is flushed: a reader sees the old
 * content or the new, never a mixture, and a crash leaves one of the two (plus, at worst, a temporary file, named
 * {@code .<target>.<random>.tmp}, for the owner to remove).
 */
final class AtomicFile {

    /** Suffix of the temporary files a write leaves behind only when the process dies mid-write. */
    static final String TEMP_SUFFIX = ".tmp";

    private static final Logger log = LoggerFactory.getLogger(AtomicFile.class);

    private final SecureRandom random = NonBlockingRandom.create();

    /** Replaces {@code target}'s content with {@code content}, as described above. */
    void replace(Path target, byte[] content) throws IOException {
        Path dir = target.getParent();
        Path tmp = dir.resolve("." + target.getFileName() + "." + randomSuffix() + TEMP_SUFFIX);
        try {
            writeNew(tmp, content);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        flushDirectory(dir);
    }

    /** Creates {@code file} owner-only with {@code content} and flushes it to disk; fails if it exists. */
    static void writeNew(Path file, byte[] content) throws IOException {
        try (FileChannel out = FileChannel.open(
                file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OwnerOnly.file(file))) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
    }

    /**
     * {@code file}'s content, or {@code null} when it does not exist.
     *
     * @throws RecordEnvelope.Unreadable when it is longer than {@code limit} bytes
     */
    static byte[] read(Path file, int limit) throws IOException, RecordEnvelope.Unreadable {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            if (size > limit) {
                throw new RecordEnvelope.Unreadable("it is " + size + " bytes long, more than any record file");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && in.read(buffer) >= 0) {
                // keep reading
            }
            return buffer.hasRemaining() ? Arrays.copyOf(buffer.array(), buffer.position()) : buffer.array();
        } catch (NoSuchFileException absent) {
            return null;
        }
    }

    /**
     * Creates {@code dir} owner-only, with any missing parents, and flushes the parent of each folder created, so that
     * a file written into it next survives a power loss together with the path to it. Does nothing when it exists.
     */
    static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        createDirectories(parent);
        OwnerOnly.createDirectories(dir);
        flushDirectory(parent);
    }

    /**
     * Flushes {@code dir} so that a change of its entries survives a power loss. The change itself is in place
     * already, so a failure is logged rather than thrown: reporting the write as failed would be untrue.
     */
    static void flushDirectory(Path dir) {
        try {
            if (!DirectorySync.force(dir)) {
                log.debug(
                        "Cannot open directory {} to flush it; relying on the file system to persist the rename", dir);
            }
        } catch (IOException e) {
            log.warn(
                    "Could not flush directory {}: the last change is in place but may not survive a power loss: {}",
                    dir,
                    e.toString());
        }
    }

    /** A random name part, so that concurrent writers of one target never share a temporary file. */
    String randomSuffix() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
