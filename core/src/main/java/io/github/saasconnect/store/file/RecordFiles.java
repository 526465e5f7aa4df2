package io.github.saasconnect.store.file;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.ConnectionKey;
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
 * Where record files are in a store directory, found by their names alone (nothing is decrypted):
 *
 * <pre>
 * {registration}/{owner}.rec               an owner's default connection
 * {registration}/{owner}/{account}.rec     each named account of that owner
 * </pre>
 *
 * {@code owner} and {@code account} are the two halves of the connection's keyed name ({@link ConnectionKey#name}:
 * {@code owner/account} for a named account), 43 base64url characters each, so nothing a user types reaches a path,
 * and one listing of {@code {registration}/{owner}/} finds every named account of the owner. A default connection's
 * file is where earlier versions put it; they list only {@code *.rec} files, so they pass over the owners' folders.
 */
final class RecordFiles {

    static final String SUFFIX = ".rec";
    static final Pattern DIGEST = Pattern.compile("[A-Za-z0-9_-]{" + ConnectionKey.NAME_LENGTH + "}");
    /** A connection's keyed name: an owner's digest, or an owner's and an account's digest with a separator. */
    static final Pattern NAME = Pattern.compile(DIGEST.pattern() + "("
            + Pattern.quote(String.valueOf(ConnectionKey.ACCOUNT_SEPARATOR)) + DIGEST.pattern() + ")?");

    private RecordFiles() {}

    /**
     * One record file.
     *
     * @param registration the registration folder it is in
     * @param name the connection's keyed name it stands for: {@code owner} or {@code owner/account}
     * @param path where it is
     */
    record RecordFile(String registration, String name, Path path) {}

    /**
     * The file named {@code name + suffix} below {@code registrationDirectory}: in the owner's folder for a named
     * account. The name is checked again here, so that no caller can make a path of anything but digests.
     *
     * @throws IllegalArgumentException when {@code name} is not a keyed name
     */
    static Path resolve(Path registrationDirectory, String name, String suffix) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a connection's keyed name");
        }
        return ConnectionKey.isAccountName(name)
                ? registrationDirectory
                        .resolve(owner(name))
                        .resolve(name.substring(ConnectionKey.NAME_LENGTH + 1) + suffix)
                : registrationDirectory.resolve(name + suffix);
    }

    /** The owner's half of a keyed name: the name of the owner's default connection. */
    static String owner(String name) {
        return name.substring(0, ConnectionKey.NAME_LENGTH);
    }

    /** The registration folders under {@code directory}; none when the directory does not exist. */
    static List<Path> registrations(Path directory) throws IOException {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (DirectoryStream<Path> registrations = Files.newDirectoryStream(
                directory,
                p -> Files.isDirectory(p)
                        && ConnectionId.isValidRegistration(p.getFileName().toString()))) {
            registrations.forEach(found::add);
        }
        return found;
    }

    /** The owners' folders (of named accounts) in {@code registration}, a registration folder. */
    static List<Path> ownerFolders(Path registration) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> owners = Files.newDirectoryStream(
                registration, p -> DIGEST.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))) {
            owners.forEach(found::add);
        } catch (NoSuchFileException gone) {
            // nothing there
        }
        return found;
    }

    /** Every record file under {@code directory}, named accounts included; none when the directory does not exist. */
    static List<RecordFile> under(Path directory) throws IOException {
        List<RecordFile> found = new ArrayList<>();
        for (Path registration : registrations(directory)) {
            String id = registration.getFileName().toString();
            for (String owner : digestsIn(registration)) {
                found.add(new RecordFile(id, owner, registration.resolve(owner + SUFFIX)));
            }
            for (Path owner : ownerFolders(registration)) {
                String ownerName = owner.getFileName().toString();
                for (String account : digestsIn(owner)) {
                    found.add(new RecordFile(
                            id,
                            ownerName + ConnectionKey.ACCOUNT_SEPARATOR + account,
                            owner.resolve(account + SUFFIX)));
                }
            }
        }
        return found;
    }

    /**
     * The digests of the record files directly in {@code folder} (a registration's or an owner's), from one listing;
     * none when the folder is gone (an owner's folder is removed with its last account).
     */
    static List<String> digestsIn(Path folder) throws IOException {
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path file : files) {
                String digest = digestOf(file);
                if (digest != null) {
                    found.add(digest);
                }
            }
        } catch (NoSuchFileException gone) {
            // nothing there
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
