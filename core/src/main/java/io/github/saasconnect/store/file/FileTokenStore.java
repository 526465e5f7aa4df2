package io.github.saasconnect.store.file;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.failure.StoreUnavailableException;
import io.github.saasconnect.store.ConnectionKey;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.JobClaims;
import io.github.saasconnect.store.StaleVersionException;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.UnreadableRecord;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.store.crypto.KeyWrapper;
import io.github.saasconnect.store.crypto.MigratingKeyWrapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The embedded default {@link TokenStore}: one AES-256-GCM encrypted file per connection under a directory.
 *
 * <pre>
 * {directory}/.lock                              held by the process that uses the directory
 * {directory}/.names                             written once every record has a keyed name
 * {directory}/{registration}/{digest}.rec        one connection's record
 * {directory}/.claims/...                        job claims (see {@link #jobClaims()})
 * </pre>
 *
 * {@code digest} is the HMAC-SHA256 of the registration, a NUL byte and the owner (UTF-8), in base64url without
 * padding, keyed with a secret derived from the store's key ({@link ConnectionKey}): 43 characters that no owner id
 * can steer out of the directory, that show no user identifier, and that someone who can list the directory but not
 * read the key cannot check a guessed owner id against. The owner is kept inside the encrypted record.
 *
 * <p>Directories written by earlier versions named records by the unkeyed SHA-256; the store renames them when it
 * opens such a directory (once; {@code {directory}/.names} marks it done), unless told not to
 * ({@link Builder#migrateNames}). The file format is in the
 * {@linkplain io.github.saasconnect.store.file package documentation}.
 *
 * <p>Each record is sealed with its own random data key, wrapped by the active key of the store's keyring
 * ({@link Builder#keys}; by default the store key alone). Rotating keeps every record readable while the previous key
 * stays in the keyring; {@link FileReEncryption} moves records to the active key in bounded, resumable batches. Files
 * an earlier version sealed directly with the store key (format 1) are still read, and replaced by format 2 on their
 * next write or by re-encryption.
 *
 * <p>Writes are compare-and-set, serialised per connection within this process: the new content goes to a
 * temporary file in the same directory, which is flushed to disk, renamed over the old file in one atomic
 * step, and the directory is flushed where the platform allows. A reader sees the old record or the new one,
 * never a mixture, and a crash leaves one of the two.
 *
 * <p>A file that cannot be decrypted or parsed is reported with {@link CorruptRecordException} and never
 * overwritten; {@link #list} reports it in {@link ConnectionPage#unreadable()} with a warning that names only the
 * file. Files encrypted with another key are counted when the store opens ({@link #recordsUnderAnotherKey()}).
 *
 * <p><b>One process per directory.</b> The store holds an exclusive lock on {@code .lock} until it is
 * {@linkplain #close() closed}; opening the directory from a second process (or a second store in this
 * one) fails with {@link FileStoreLockedException}. Several instances of an application that share
 * connections need the Vault store.
 *
 * <p>All file access runs on the store's blocking {@link Scheduler} (by default
 * {@link Schedulers#boundedElastic()}), never on the subscriber's thread.
 */
public final class FileTokenStore implements TokenStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FileTokenStore.class);

    static final String NAME = "file";
    static final String RECORD_SUFFIX = RecordFiles.SUFFIX;
    private static final Pattern DIGEST = RecordFiles.DIGEST;
    private static final int STRIPES = 64;

    private final Path directory;
    private final FileStoreKey key;
    private final RecordFileContent content;
    private final Supplier<Scheduler> scheduler;
    private final DirectoryLock lock;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final AtomicFile files = new AtomicFile();
    // Files found encrypted with another key: found when the store opens and when a read meets one; a write or a
    // delete of the connection removes its file from here. Health reports the store DOWN while any remain.
    private final Set<Path> underAnotherKey = ConcurrentHashMap.newKeySet();
    // False while files the migration of names could not read keep their unkeyed names (see NameMigration)
    private volatile boolean namesMigrated;
    private boolean closed;
    private final FileJobClaims claims;

    private FileTokenStore(
            Path directory, FileStoreKey key, KeyWrapper keys, Supplier<Scheduler> scheduler, DirectoryLock lock) {
        this.directory = directory;
        this.key = key;
        this.content = new RecordFileContent(key, new SealedRecordFile(keys));
        this.scheduler = scheduler;
        this.lock = lock;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
        this.claims = new FileJobClaims(directory, this::digest, this::io);
    }

    /**
     * Opens the store in {@code directory} (created owner-only when missing) with the default scheduler.
     *
     * @throws FileStoreLockedException when another store, in this process or another, uses the directory
     * @throws UncheckedIOException when the directory or its lock file cannot be created
     */
    public static FileTokenStore open(Path directory, FileStoreKey key) {
        return builder(directory, key).open();
    }

    /**
     * A builder for a store in {@code directory} whose files are named with a secret derived from {@code key} and
     * whose records are sealed under {@code key} unless {@link Builder#keys another keyring} is given.
     */
    public static Builder builder(Path directory, FileStoreKey key) {
        return new Builder(directory, key);
    }

    /** The directory this store owns. */
    public Path directory() {
        return directory;
    }

    /**
     * How many record files were written with a key this store does not hold: found when the store opened, or since
     * by a read, and not yet replaced or deleted. More than none usually means the store runs with the wrong key
     * (the key file was lost or replaced, another key is configured, or a keyring lacks a previous key), and every
     * such connection is unreadable.
     */
    public int recordsUnderAnotherKey() {
        return underAnotherKey.size();
    }

    /**
     * The job claims kept beside the records, in {@code {directory}/.claims} (see {@link JobClaims}): shared by the jobs
     * of this process, and taken over by the next process after a crash. Deleting a connection deletes its claims.
     */
    public JobClaims jobClaims() {
        return claims;
    }

    /** The key this store encrypts with, for stores kept beside it in {@link #directory()}. */
    FileStoreKey key() {
        return key;
    }

    @Override
    public Mono<VersionedRecord> read(ConnectionId id) {
        Objects.requireNonNull(id, "id");
        return io(id, "read", () -> {
            String digest = digest(id);
            VersionedRecord found = stored(id, digest, file(id.registration(), digest));
            if (found == null && !namesMigrated) {
                refuseUnmigrated(id);
            }
            return found;
        });
    }

    @Override
    public Mono<Long> write(ConnectionRecord record, long expectedVersion) {
        Objects.requireNonNull(record, "record");
        ConnectionId id = record.id();
        return io(id, "write", () -> {
            String digest = digest(id);
            ReentrantLock stripe = stripe(digest);
            stripe.lock();
            try {
                return writeLocked(record, digest, expectedVersion);
            } finally {
                stripe.unlock();
            }
        });
    }

    @Override
    public Mono<Void> delete(ConnectionId id) {
        Objects.requireNonNull(id, "id");
        return io(id, "delete", () -> {
            String digest = digest(id);
            ReentrantLock stripe = stripe(digest);
            stripe.lock();
            try {
                Path file = file(id.registration(), digest);
                boolean deleted = Files.deleteIfExists(file);
                underAnotherKey.remove(file);
                if (!namesMigrated) {
                    Path unmigrated = file(id.registration(), ConnectionKey.of(id));
                    deleted |= Files.deleteIfExists(unmigrated);
                    underAnotherKey.remove(unmigrated);
                }
                if (deleted) {
                    AtomicFile.flushDirectory(file.getParent());
                }
                claims.forget(id);
                return null;
            } finally {
                stripe.unlock();
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Records come in the order of their file names; the cursor is the last file name's digest. Each page
     * scans the registration's directory once, which suits the few thousand connections an embedded store is
     * meant for. Unreadable files are reported in {@link ConnectionPage#unreadable()}, with a warning.
     */
    @Override
    public Mono<ConnectionPage> list(String registration, String cursor, int pageSize) {
        return io(null, "list registration '" + registration + "' in", () -> {
            ConnectionId.requireValidRegistration(registration);
            if (pageSize < 1) {
                throw new IllegalArgumentException("pageSize must be at least 1 but was " + pageSize);
            }
            if (cursor != null && !DIGEST.matcher(cursor).matches()) {
                throw new IllegalArgumentException("cursor is not one the file store returned: pass null for the "
                        + "first page, then the previous page's nextCursor");
            }
            return listPage(registration, cursor, pageSize);
        });
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Releases the directory lock. Waits for operations in progress; later ones fail with
     * {@link StoreUnavailableException}. The scheduler is not disposed.
     */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                lock.close();
            } catch (IOException e) {
                log.warn("Could not release the lock on token store directory {} cleanly: {}", directory, e.toString());
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "FileTokenStore[directory=" + directory + ", key=" + key + "]";
    }

    /** The file that holds {@code id}'s record. */
    Path file(ConnectionId id) {
        return file(id.registration(), digest(id));
    }

    private Path file(String registration, String digest) {
        return directory.resolve(registration).resolve(digest + RECORD_SUFFIX);
    }

    /** The record of {@code id} in {@code file}, or {@code null} when there is none. */
    private VersionedRecord stored(ConnectionId id, String digest, Path file) throws IOException {
        try {
            byte[] bytes = AtomicFile.read(file, RecordEnvelope.MAX_FILE_BYTES);
            return bytes == null ? null : content.open(id.registration(), digest, bytes, id);
        } catch (RecordEnvelope.Unreadable e) {
            noteUnreadable(file, e);
            throw new CorruptRecordException(id, file, e.getMessage());
        }
    }

    private long writeLocked(ConnectionRecord record, String digest, long expectedVersion) throws IOException {
        ConnectionId id = record.id();
        Path file = file(id.registration(), digest);
        VersionedRecord current = stored(id, digest, file);
        long currentVersion = current == null ? 0 : current.version();
        if (currentVersion != expectedVersion) {
            throw new StaleVersionException(id, expectedVersion);
        }
        long version = currentVersion + 1;
        byte[] sealed = content.seal(record, digest, version);
        if (!Files.isDirectory(file.getParent())) {
            OwnerOnly.createDirectories(file.getParent());
            AtomicFile.flushDirectory(directory);
        }
        files.replace(file, sealed);
        underAnotherKey.remove(file);
        return version;
    }

    /**
     * A file the migration of names could not read keeps its unkeyed name: it stays its owner's, reported as
     * unreadable, so that connecting again or disconnecting deals with it.
     */
    private void refuseUnmigrated(ConnectionId id) throws IOException {
        Path unmigrated = file(id.registration(), ConnectionKey.of(id));
        if (Files.exists(unmigrated)) {
            throw new CorruptRecordException(
                    id,
                    unmigrated,
                    "it is named as an earlier version named records and could not be renamed, because it cannot be "
                            + "read");
        }
    }

    private void noteUnreadable(Path file, RecordEnvelope.Unreadable e) {
        if (e.anotherKey()) {
            underAnotherKey.add(file);
        }
    }

    private ConnectionPage listPage(String registration, String cursor, int pageSize) throws IOException {
        Path dir = directory.resolve(registration);
        if (!Files.isDirectory(dir)) {
            return new ConnectionPage(List.of(), null);
        }
        // The pageSize + 1 smallest names after the cursor: the extra one says whether another page follows.
        long wanted = (long) pageSize + 1;
        PriorityQueue<String> largestFirst = new PriorityQueue<>(Comparator.reverseOrder());
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + RECORD_SUFFIX)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String digest = name.substring(0, name.length() - RECORD_SUFFIX.length());
                if (DIGEST.matcher(digest).matches() && (cursor == null || digest.compareTo(cursor) > 0)) {
                    largestFirst.add(digest);
                    if (largestFirst.size() > wanted) {
                        largestFirst.poll();
                    }
                }
            }
        }
        List<String> digests = new ArrayList<>(largestFirst);
        Collections.sort(digests);
        boolean more = digests.size() > pageSize;
        if (more) {
            digests = digests.subList(0, pageSize);
        }
        List<VersionedRecord> records = new ArrayList<>(digests.size());
        List<UnreadableRecord> unreadable = new ArrayList<>();
        for (String digest : digests) {
            Path file = dir.resolve(digest + RECORD_SUFFIX);
            try {
                byte[] bytes = AtomicFile.read(file, RecordEnvelope.MAX_FILE_BYTES);
                if (bytes != null) {
                    records.add(content.open(registration, digest, bytes, null));
                }
            } catch (RecordEnvelope.Unreadable e) {
                noteUnreadable(file, e);
                unreadable.add(new UnreadableRecord(registration, digest, e.getMessage()));
                log.warn(
                        "Unreadable token store file {} while listing registration '{}': {}. The file was left "
                                + "untouched; it is reported in the listing.",
                        file,
                        registration,
                        e.getMessage());
            }
        }
        return new ConnectionPage(records, more ? digests.get(digests.size() - 1) : null, unreadable);
    }

    private ReentrantLock stripe(String digest) {
        return stripes[Math.floorMod(digest.hashCode(), STRIPES)];
    }

    /** The name {@code id} is filed under: keyed with a secret derived from the store's key (see {@link ConnectionKey}). */
    String digest(ConnectionId id) {
        return key.connectionNames().name(id);
    }

    /** Runs {@code work} on the scheduler while the store is open, reporting I/O failures as the store's. */
    <T> Mono<T> io(ConnectionId id, String operation, FileOperation<T> work) {
        return Mono.fromCallable(() -> {
                    lifecycle.readLock().lock();
                    try {
                        if (closed) {
                            throw new StoreUnavailableException(
                                    NAME, id, "the store for " + directory + " is closed", null);
                        }
                        return work.run();
                    } catch (IOException e) {
                        throw new StoreUnavailableException(
                                NAME, id, "cannot " + operation + " " + directory + ": " + e, e);
                    } finally {
                        lifecycle.readLock().unlock();
                    }
                })
                .subscribeOn(scheduler.get());
    }

    /** Runs {@code work} on the scheduler while the store is open, for the store's re-encryption. */
    <T> Mono<T> call(String operation, FileOperation<T> work) {
        return io(null, operation, work);
    }

    @FunctionalInterface
    interface FileOperation<T> {
        T run() throws IOException;
    }

    /** What {@link #moveToActiveKey} did with a file. */
    enum Move {
        MOVED,
        ALREADY_UNDER_ACTIVE_KEY,
        GONE,
        UNREADABLE
    }

    /**
     * Replaces {@code file}'s content by the same record and version under the active key, atomically (a process
     * killed meanwhile leaves the old content or the new). A file that cannot be opened is left as it is.
     */
    Move moveToActiveKey(RecordFiles.RecordFile file) throws IOException {
        ReentrantLock stripe = stripe(file.digest());
        stripe.lock();
        try {
            byte[] moved;
            try {
                byte[] bytes = AtomicFile.read(file.path(), RecordEnvelope.MAX_FILE_BYTES);
                if (bytes == null) {
                    return Move.GONE;
                }
                if (content.underActiveKey(bytes)) {
                    return Move.ALREADY_UNDER_ACTIVE_KEY; // written meanwhile
                }
                moved = content.underActiveKey(file.registration(), file.digest(), bytes);
            } catch (RecordEnvelope.Unreadable e) {
                noteUnreadable(file.path(), e);
                log.warn("Re-encryption left token store file {} untouched: {}", file.path(), e.getMessage());
                return Move.UNREADABLE;
            }
            files.replace(file.path(), moved);
            return Move.MOVED;
        } finally {
            stripe.unlock();
        }
    }

    /** Whether {@code file} is sealed under the active key, from its first bytes. */
    boolean underActiveKey(Path file) throws IOException {
        byte[] head = RecordFiles.head(file, RecordFileContent.HEAD_LENGTH);
        return head == null || content.underActiveKey(head);
    }

    /** The id of the key new records are sealed under. */
    String activeKeyId() {
        return content.activeKeyId();
    }

    private static FileTokenStore open(
            Path requested, FileStoreKey key, KeyWrapper keys, Supplier<Scheduler> scheduler, boolean migrateNames) {
        Path dir;
        try {
            OwnerOnly.createDirectories(requested.toAbsolutePath());
            dir = requested.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create the token store directory " + requested.toAbsolutePath() + ": " + e, e);
        }
        DirectoryLock lock;
        try {
            lock = DirectoryLock.acquire(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the token store directory " + dir + ": " + e, e);
        }
        try {
            FileTokenStore store = new FileTokenStore(dir, key, keys, scheduler, lock);
            store.removeUnfinishedWrites();
            store.namesMigrated =
                    new NameMigration(dir, store.content, key.connectionNames(), store.files).run(migrateNames);
            store.findRecordsUnderAnotherKey();
            log.debug("Opened token store directory {} with {}", dir, key);
            return store;
        } catch (IOException | RuntimeException e) {
            try {
                lock.close();
            } catch (IOException release) {
                e.addSuppressed(release);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot open the token store directory " + dir + ": " + io, io);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * Reads the header of every record file (not the records): a store opened with the wrong key finds out now, not
     * when a user's connection fails, and health reports it. A few thousand small reads, once.
     */
    private void findRecordsUnderAnotherKey() throws IOException {
        for (RecordFiles.RecordFile record : RecordFiles.under(directory)) {
            byte[] head = RecordFiles.head(record.path(), RecordFileContent.HEAD_LENGTH);
            if (head != null && content.underAnotherKey(head)) {
                underAnotherKey.add(record.path());
            }
        }
        if (!underAnotherKey.isEmpty()) {
            log.error(
                    "{} record file(s) in token store directory {} were encrypted with a key this store does not "
                            + "hold (its store key id is {}, its active key id {}): those connections cannot be read. "
                            + "Configure the key they were written with (saas-connect.store.file.key or key-file, or "
                            + "a previous key in saas-connect.store.file.keyring); health reports the store DOWN "
                            + "until then",
                    underAnotherKey.size(),
                    directory,
                    key.id(),
                    content.activeKeyId());
        }
    }

    /** Temporary files can only be left by a process that died mid-write: we hold the lock now. */
    private void removeUnfinishedWrites() throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> registrations = Files.newDirectoryStream(
                directory,
                p -> Files.isDirectory(p)
                        && ConnectionId.isValidRegistration(p.getFileName().toString()))) {
            for (Path registration : registrations) {
                try (DirectoryStream<Path> temps =
                        Files.newDirectoryStream(registration, ".*" + AtomicFile.TEMP_SUFFIX)) {
                    for (Path temp : temps) {
                        Files.deleteIfExists(temp);
                        removed++;
                    }
                }
            }
        }
        if (removed > 0) {
            log.info(
                    "Removed {} unfinished write(s) left in token store directory {} by an earlier process",
                    removed,
                    directory);
        }
    }

    /** Settings of a {@link FileTokenStore}. */
    public static final class Builder {

        private final Path directory;
        private final FileStoreKey key;
        // Looked up on first use: Reactor's schedulers need not load while the application starts.
        private Supplier<Scheduler> scheduler = Schedulers::boundedElastic;
        private boolean migrateNames = true;
        private KeyWrapper keys;

        private Builder(Path directory, FileStoreKey key) {
            this.directory = Objects.requireNonNull(directory, "directory");
            this.key = Objects.requireNonNull(key, "key");
        }

        /**
         * The key-encryption keys that wrap each record's data key (a {@link io.github.saasconnect.store.crypto.Keyring}
         * of an active key and previous ones, or another {@link KeyWrapper}); default: the store key alone, under its
         * {@link FileStoreKey#id()}. The store key keeps naming the files and still opens the records it sealed, so
         * configuring a keyring on an existing directory loses nothing; {@link FileReEncryption} then moves the records
         * to the active key.
         */
        public Builder keys(KeyWrapper keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /**
         * The scheduler that runs the blocking file access; default {@link Schedulers#boundedElastic()}. The
         * store does not dispose it.
         */
        public Builder scheduler(Scheduler scheduler) {
            Objects.requireNonNull(scheduler, "scheduler");
            this.scheduler = () -> scheduler;
            return this;
        }

        /**
         * Whether opening a directory written by an earlier version renames its records from unkeyed SHA-256 names to
         * keyed ones (see {@link FileTokenStore}); default {@code true}. When {@code false} and the directory needs
         * it, {@link #open()} fails with {@link io.github.saasconnect.store.StoreMigrationRequiredException}.
         */
        public Builder migrateNames(boolean migrateNames) {
            this.migrateNames = migrateNames;
            return this;
        }

        /**
         * Opens the store: creates the directory when missing, takes its lock and renames the records of an earlier
         * version's layout.
         *
         * @throws FileStoreLockedException when another store, in this process or another, uses the directory
         * @throws UncheckedIOException when the directory or its lock file cannot be created
         */
        public FileTokenStore open() {
            KeyWrapper storeKey = key.keyring();
            return FileTokenStore.open(
                    directory,
                    key,
                    keys == null ? storeKey : new MigratingKeyWrapper(keys, storeKey),
                    scheduler,
                    migrateNames);
        }
    }
}
