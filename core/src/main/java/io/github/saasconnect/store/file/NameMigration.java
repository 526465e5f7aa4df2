package io.github.saasconnect.store.file;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.ConnectionKey;
import io.github.saasconnect.store.StoreMigrationRequiredException;
import io.github.saasconnect.store.VersionedRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves record files from the unkeyed names of earlier versions ({@link ConnectionKey#of}) to keyed ones
 * ({@link FileStoreKey#connectionNames()}), once, when a store opens a directory that has no {@value #MARKER} file.
 *
 * <p>Each file is decrypted and its record re-sealed under its new name (the name is part of the authenticated data)
 * with the same version; the new file is in place before the old one is deleted, so a crash loses nothing and the
 * next start goes on where this one stopped. When both exist the higher version wins. The marker is written once
 * every file has a keyed name; a file that cannot be read (another key, damaged) keeps its old name, is reported,
 * and the migration is tried again on the next start.
 */
final class NameMigration {

    /** Present once every record in the directory has a keyed name; holds {@value #LAYOUT}. */
    static final String MARKER = ".names";

    static final String LAYOUT = "hmac-sha256-v1";

    private static final Logger log = LoggerFactory.getLogger(NameMigration.class);

    private final Path directory;
    private final RecordFileContent content;
    private final ConnectionKey names;
    private final AtomicFile files;

    NameMigration(Path directory, RecordFileContent content, ConnectionKey names, AtomicFile files) {
        this.directory = directory;
        this.content = content;
        this.names = names;
        this.files = files;
    }

    /** Whether every record of the directory has a keyed name. */
    boolean done() {
        return Files.isRegularFile(directory.resolve(MARKER));
    }

    /**
     * Migrates the directory unless it is done.
     *
     * @param allowed whether records may be moved; when not and some need it, the store refuses to open
     * @return whether every record now has a keyed name
     * @throws StoreMigrationRequiredException when records need moving and {@code allowed} is false
     */
    boolean run(boolean allowed) throws IOException {
        if (done()) {
            return true;
        }
        var records = RecordFiles.under(directory);
        if (!records.isEmpty() && !allowed) {
            throw new StoreMigrationRequiredException(
                    FileTokenStore.NAME,
                    "the token store directory " + directory + " holds records named by an earlier version (an "
                            + "unkeyed SHA-256 of the owner, which anyone who can list the directory can check a "
                            + "guessed owner id against), and migrating them is turned off. Allow it (builder "
                            + "migrateNames(true); property saas-connect.store.file.migrate-names=true): each record "
                            + "is renamed to a name keyed with a secret derived from the store's key, nothing is lost");
        }
        int moved = 0;
        int unreadable = 0;
        for (RecordFiles.RecordFile file : records) {
            switch (migrate(file)) {
                case MOVED -> moved++;
                case UNREADABLE -> unreadable++;
                case KEYED -> {}
            }
        }
        if (moved > 0) {
            log.info("Renamed {} record file(s) in token store directory {} to keyed names", moved, directory);
        }
        if (unreadable > 0) {
            log.warn(
                    "{} record file(s) in token store directory {} cannot be read, so they keep the names of an "
                            + "earlier version; the renaming is tried again on the next start (configure the key they "
                            + "were written with, or delete those connections)",
                    unreadable,
                    directory);
            return false;
        }
        files.replace(directory.resolve(MARKER), (LAYOUT + "\n").getBytes(StandardCharsets.US_ASCII));
        AtomicFile.flushDirectory(directory);
        return true;
    }

    private enum Outcome {
        KEYED,
        MOVED,
        UNREADABLE
    }

    private Outcome migrate(RecordFiles.RecordFile file) throws IOException {
        VersionedRecord stored;
        try {
            byte[] bytes = AtomicFile.read(file.path(), RecordEnvelope.MAX_FILE_BYTES);
            if (bytes == null) {
                return Outcome.KEYED; // gone meanwhile: nothing to move
            }
            stored = content.openUnchecked(file.registration(), file.name(), bytes);
        } catch (RecordEnvelope.Unreadable e) {
            return Outcome.UNREADABLE;
        }
        ConnectionId id = stored.record().id();
        if (!id.registration().equals(file.registration())) {
            return Outcome.UNREADABLE;
        }
        String keyed = names.name(id);
        if (keyed.equals(file.name())) {
            return Outcome.KEYED; // every named account's file: they came after keyed names
        }
        if (!ConnectionKey.of(id).equals(file.name())) {
            return Outcome.UNREADABLE; // holds another connection's record: left for an operator, as reads do
        }
        Path target = RecordFiles.resolve(directory.resolve(file.registration()), keyed, RecordFiles.SUFFIX);
        AtomicFile.createDirectories(target.getParent());
        long existing = versionAt(target, file.registration(), keyed);
        if (existing == UNREADABLE_TARGET) {
            return Outcome.UNREADABLE; // never overwrite a file that cannot be read
        }
        if (existing < stored.version()) {
            files.replace(target, content.seal(stored.record(), keyed, stored.version()));
        }
        Files.delete(file.path());
        AtomicFile.flushDirectory(file.path().getParent());
        return Outcome.MOVED;
    }

    private static final long UNREADABLE_TARGET = -1;

    /** The version in the keyed file (written before a crash), 0 when there is none, or {@link #UNREADABLE_TARGET}. */
    private long versionAt(Path target, String registration, String keyed) throws IOException {
        try {
            byte[] bytes = AtomicFile.read(target, RecordEnvelope.MAX_FILE_BYTES);
            return bytes == null
                    ? 0
                    : content.openUnchecked(registration, keyed, bytes).version();
        } catch (RecordEnvelope.Unreadable e) {
            return UNREADABLE_TARGET;
        }
    }
}
