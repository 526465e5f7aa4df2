package io.github.saasconnect.store.file;

import io.github.saasconnect.connection.ConnectionId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The record files under a store directory, {@code {registration}/{digest}.rec}, found by their names alone (nothing
 * is decrypted): for the checks a store makes when it opens.
 */
final class RecordFiles {

    static final String SUFFIX = ".rec";
    static final Pattern DIGEST = Pattern.compile("[A-Za-z0-9_-]{43}");

    private RecordFiles() {}

    /**
     * One record file.
     *
     * @param registration the registration folder it is in
     * @param digest its name without the suffix
     * @param path where it is
     */
    record RecordFile(String registration, String digest, Path path) {}

    /** Every record file under {@code directory}; none when the directory does not exist. */
    static List<RecordFile> under(Path directory) throws IOException {
        List<RecordFile> found = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (DirectoryStream<Path> registrations = Files.newDirectoryStream(
                directory,
                p -> Files.isDirectory(p)
                        && ConnectionId.isValidRegistration(p.getFileName().toString()))) {
            for (Path registration : registrations) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(registration, "*" + SUFFIX)) {
                    for (Path file : files) {
                        String digest = digestOf(file);
                        if (digest != null) {
                            found.add(new RecordFile(registration.getFileName().toString(), digest, file));
                        }
                    }
                }
            }
        }
        return found;
    }

    /** Whether {@code directory} holds at least one record file. */
    static boolean any(Path directory) throws IOException {
        return !under(directory).isEmpty();
    }

    /** The digest a record file is named by, or {@code null} when its name is not a record file's. */
    static String digestOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX)) {
            return null;
        }
        String digest = name.substring(0, name.length() - SUFFIX.length());
        return DIGEST.matcher(digest).matches() ? digest : null;
    }

    /** The first {@code length} bytes of {@code file}, fewer when it is shorter; {@code null} when it is gone. */
    static byte[] head(Path file, int length) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(length);
        } catch (NoSuchFileException gone) {
            return null;
        }
    }
}
