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
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The embedded default {@link TokenStore}: one AES-256-GCM encrypted file per connection under a directory.
 *
 * <pre>
 * {directory}/.lock                              held by the process that uses the directory
 * {directory}/.names                             written once every record has a keyed name
 * {directory}/{registration}/{owner}.rec             an owner's default connection
 * {directory}/{registration}/{owner}/{account}.rec   each named account of that owner
 * {directory}/.claims/...                             job claims (see {@link #jobClaims()})
 * </pre>
 *
 * {@code owner} is the HMAC-SHA256 of the registration, a NUL byte and the owner (UTF-8), in base64url without
 * padding, keyed with a secret derived from the store's key ({@link ConnectionKey}): 43 characters that no owner id
 * can steer out of the directory, that show no user identifier, and that someone who can list the directory but not
 * read the key cannot check a guessed owner id against. {@code account} is the same over the registration, owner and
 * account id. The owner and account are kept inside the encrypted record. One listing of an owner's folder finds its
 * named accounts ({@link #accounts}); the folder is created with the first and removed with the last. A directory
 * written by version 0.2 has only default connections, each where this version looks for it: it needs no migration.
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
    private static final Pattern KEYED_NAME = RecordFiles.NAME;
    private static final int STRIPES = 64;
    private static final int HAS_DEFAULT = 1;
    private static final int HAS_ACCOUNTS = 2;

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
        return io(id, "read", () -> readNow(id));
    }

    private VersionedRecord readNow(ConnectionId id) throws IOException {
        String digest = digest(id);
        VersionedRecord found = stored(id, digest, file(id.registration(), digest));
        if (found == null && !namesMigrated) {
            refuseUnmigrated(id);
        }
        return found;
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
                    if (!id.isDefaultAccount()) {
                        removeIfEmpty(file.getParent());
                    }
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
     * <p>Records come in the order of their keyed names ({@code owner}, then its accounts' {@code owner/account}),
     * so an owner's default connection comes just before its named accounts; the cursor is the last name returned,
     * which stays valid whatever is written or deleted meanwhile. Each page lists the registration's directory once,
     * plus the folders of the owners on the page that have named accounts, which suits the few thousand connections
     * an embedded store is meant for. Unreadable files are reported in {@link ConnectionPage#unreadable()}, with a
     * warning.
     */
    @Override
    public Mono<ConnectionPage> list(String registration, String cursor, int pageSize) {
        return io(null, "list registration '" + registration + "' in", () -> {
            ConnectionId.requireValidRegistration(registration);
            if (pageSize < 1) {
                throw new IllegalArgumentException("pageSize must be at least 1 but was " + pageSize);
            }
            if (cursor != null && !KEYED_NAME.matcher(cursor).matches()) {
                throw new IllegalArgumentException("cursor is not one the file store returned: pass null for the "
                        + "first page, then the previous page's nextCursor");
            }
            return listPage(registration, cursor, pageSize);
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads the owner's default file, then lists the owner's folder once ({@code {registration}/{owner}/}) for
     * the named accounts, in the order of their names; the registration's other files are not looked at. An
     * unreadable file fails the listing with {@link CorruptRecordException} naming the file, as {@link #read} does.
     */
    @Override
    public Flux<VersionedRecord> accounts(String registration, String owner) {
        ConnectionId defaultConnection = ConnectionId.of(registration, owner);
        return io(defaultConnection, "list the accounts of " + defaultConnection + " in", () -> {
                    List<VersionedRecord> found = new ArrayList<>();
                    VersionedRecord first = readNow(defaultConnection);
                    if (first != null) {
                        found.add(first);
                    }
                    String ownerName = digest(defaultConnection);
                    Path folder = directory.resolve(registration).resolve(ownerName);
                    List<String> accounts = RecordFiles.digestsIn(folder);
                    Collections.sort(accounts);
                    for (String account : accounts) {
                        String name = ownerName + ConnectionKey.ACCOUNT_SEPARATOR + account;
                        Path file = folder.resolve(account + RECORD_SUFFIX);
                        try {
                            byte[] bytes = AtomicFile.read(file, RecordEnvelope.MAX_FILE_BYTES);
                            if (bytes != null) {
                                found.add(content.open(registration, name, bytes, null));
                            }
                        } catch (RecordEnvelope.Unreadable e) {
                            noteUnreadable(file, e);
                            throw new CorruptRecordException(defaultConnection, file, e.getMessage());
                        }
                    }
                    return found;
                })
                .flatMapIterable(found -> found);
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

    private Path file(String registration, String name) {
        return RecordFiles.resolve(directory.resolve(registration), name, RECORD_SUFFIX);
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
        AtomicFile.createDirectories(file.getParent());
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

    /**
     * Removes an owner's folder once its last account is deleted, under the owner's lock (which every write to the
     * folder holds), so that a write never meets a folder removed under it.
     */
    private static void removeIfEmpty(Path ownerFolder) {
        try {
            Files.delete(ownerFolder);
            AtomicFile.flushDirectory(ownerFolder.getParent());
        } catch (DirectoryNotEmptyException | NoSuchFileException stillInUse) {
            // the owner has other accounts (or a dead process's temporary file, removed on the next start)
        } catch (IOException e) {
            log.debug("Could not remove the empty folder {}: {}", ownerFolder, e.toString());
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
        // one more than the page: whether it exists says whether another page follows
        List<String> names = namesAfter(dir, cursor, (long) pageSize + 1);
        boolean more = names.size() > pageSize;
        if (more) {
            names = names.subList(0, pageSize);
        }
        List<VersionedRecord> records = new ArrayList<>(names.size());
        List<UnreadableRecord> unreadable = new ArrayList<>();
        for (String name : names) {
            Path file = RecordFiles.resolve(dir, name, RECORD_SUFFIX);
            try {
                byte[] bytes = AtomicFile.read(file, RecordEnvelope.MAX_FILE_BYTES);
                if (bytes != null) {
                    records.add(content.open(registration, name, bytes, null));
                }
            } catch (RecordEnvelope.Unreadable e) {
                noteUnreadable(file, e);
                unreadable.add(new UnreadableRecord(registration, name, e.getMessage()));
                log.warn(
                        "Unreadable token store file {} while listing registration '{}': {}. The file was left "
                                + "untouched; it is reported in the listing.",
                        file,
                        registration,
                        e.getMessage());
            }
        }
        return new ConnectionPage(records, more ? names.get(names.size() - 1) : null, unreadable);
    }

    /**
     * The first {@code wanted} names after {@code cursor} (all when fewer), in order. Every name of an owner starts
     * with the owner's 43-character name, so names sort owner by owner: the owners after the cursor's are taken from
     * one listing of the registration's directory, a few at a time, and only their folders are listed.
     */
    private static List<String> namesAfter(Path registration, String cursor, long wanted) throws IOException {
        List<String> names = new ArrayList<>();
        String fromOwner = cursor == null ? null : RecordFiles.owner(cursor);
        boolean inclusive = true;
        while (names.size() < wanted) {
            // the next owners at or after fromOwner, with what each has: HAS_DEFAULT, HAS_ACCOUNTS or both
            TreeMap<String, Integer> owners = new TreeMap<>();
            boolean truncated = false;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(registration)) {
                for (Path entry : entries) {
                    String file = entry.getFileName().toString();
                    String owner = RecordFiles.digestOf(entry);
                    int has = HAS_DEFAULT;
                    if (owner == null && RecordFiles.DIGEST.matcher(file).matches() && Files.isDirectory(entry)) {
                        owner = file;
                        has = HAS_ACCOUNTS;
                    }
                    if (owner == null
                            || (fromOwner != null
                                    && (inclusive
                                            ? owner.compareTo(fromOwner) < 0
                                            : owner.compareTo(fromOwner) <= 0))) {
                        continue;
                    }
                    owners.merge(owner, has, (a, b) -> a | b);
                    if (owners.size() > wanted) {
                        owners.pollLastEntry();
                        truncated = true;
                    }
                }
            }
            for (var owner : owners.entrySet()) {
                String name = owner.getKey();
                if ((owner.getValue() & HAS_DEFAULT) != 0 && (cursor == null || name.compareTo(cursor) > 0)) {
                    names.add(name);
                }
                if ((owner.getValue() & HAS_ACCOUNTS) != 0) {
                    List<String> accounts = RecordFiles.digestsIn(registration.resolve(name));
                    Collections.sort(accounts);
                    for (String account : accounts) {
                        String accountName = name + ConnectionKey.ACCOUNT_SEPARATOR + account;
                        if (cursor == null || accountName.compareTo(cursor) > 0) {
                            names.add(accountName);
                        }
                    }
                }
                if (names.size() >= wanted) {
                    return names;
                }
            }
            if (!truncated) {
                return names;
            }
            // the owners taken had too few names (folders emptied by deletes): go on after the last of them
            fromOwner = owners.lastKey();
            inclusive = false;
        }
        return names;
    }

    /**
     * The lock of {@code name}'s owner: every connection of an owner shares one, so that removing an owner's folder
     * with its last account never races a write of another account into it.
     */
    private ReentrantLock stripe(String name) {
        return stripes[Math.floorMod(RecordFiles.owner(name).hashCode(), STRIPES)];
    }

    /**
     * The name {@code id} is filed under, keyed with a secret derived from the store's key (see {@link ConnectionKey}):
     * {@code owner} for a default connection, {@code owner/account} for a named account.
     */
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
        ReentrantLock stripe = stripe(file.name());
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
                moved = content.underActiveKey(file.registration(), file.name(), bytes);
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
        for (Path registration : RecordFiles.registrations(directory)) {
            List<Path> folders = new ArrayList<>(RecordFiles.ownerFolders(registration));
            folders.add(registration);
            for (Path folder : folders) {
                try (DirectoryStream<Path> temps = Files.newDirectoryStream(folder, ".*" + AtomicFile.TEMP_SUFFIX)) {
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
