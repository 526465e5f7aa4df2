package io.github.saasconnect.store.file;

import io.github.saasconnect.failure.StoreUnavailableException;
import io.github.saasconnect.store.PendingAuthorization;
import io.github.saasconnect.store.PendingAuthorizationCodec;
import io.github.saasconnect.store.PendingAuthorizationStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Pending authorizations as encrypted files in {@code {directory}/.pending/}, one per started authorization,
 * named by the state's digest ({@code {key}.pa}). Each file is a {@linkplain RecordEnvelope record envelope}
 * (format 1, AES-256-GCM with the {@link FileStoreKey} of the token store) whose authenticated name is
 * {@code pending/{key}}, holding version 1 and the {@link PendingAuthorizationCodec} JSON: the PKCE verifier,
 * the owner and the return address are never on disk in clear.
 *
 * <p>{@link #take} claims a file by renaming it to a unique name in one atomic step before reading it, so of any
 * number of callers (threads or processes) exactly one gets the entry. Saving writes a temporary file, flushes
 * it and renames it into place. Expired entries, and files left by a process that died mid-way, are removed by
 * a sweep that a save starts at most once a minute on another thread: the request that saves never waits for it.
 */
public final class FilePendingAuthorizationStore implements PendingAuthorizationStore {

    private static final Logger log = LoggerFactory.getLogger(FilePendingAuthorizationStore.class);

    /** The sub-directory of the token store directory; its leading dot keeps it apart from registrations. */
    public static final String DIRECTORY = ".pending";

    static final String SUFFIX = ".pa";
    private static final String CLAIMED_SUFFIX = ".taken";
    private static final long VERSION = 1;
    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);
    /** Unreadable or half-done files older than this are surely abandoned. */
    private static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    private final Path directory;
    private final RecordEnvelope envelope;
    private final Clock clock;
    private final PendingAuthorizationCodec codec = new PendingAuthorizationCodec();
    private final AtomicFile files = new AtomicFile();
    private final AtomicLong nextSweepMillis = new AtomicLong();
    private final Executor sweeper;

    private FilePendingAuthorizationStore(Path directory, FileStoreKey key, Clock clock, Executor sweeper) {
        this.directory = directory;
        this.envelope = new RecordEnvelope(key);
        this.clock = clock;
        this.sweeper = sweeper;
    }

    /**
     * A store in {@code .pending} under the directory of {@code tokenStore}, encrypted with its key: the
     * pending authorizations live where the connections do.
     */
    public static FilePendingAuthorizationStore besides(FileTokenStore tokenStore, Clock clock) {
        return open(tokenStore.directory().resolve(DIRECTORY), tokenStore.key(), clock);
    }

    /**
     * A store in {@code directory} (created owner-only when missing) encrypted with {@code key}, running file
     * access on {@link Schedulers#boundedElastic()}.
     *
     * @throws UncheckedIOException when the directory cannot be created
     */
    public static FilePendingAuthorizationStore open(Path directory, FileStoreKey key, Clock clock) {
        return open(directory, key, clock, task -> Schedulers.boundedElastic().schedule(task));
    }

    /** As {@link #open(Path, FileStoreKey, Clock)}, with the sweep run by {@code sweeper} (tests run it by hand). */
    static FilePendingAuthorizationStore open(Path directory, FileStoreKey key, Clock clock, Executor sweeper) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(clock, "clock");
        Path dir = directory.toAbsolutePath();
        try {
            OwnerOnly.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the pending authorization directory " + dir + ": " + e, e);
        }
        return new FilePendingAuthorizationStore(dir, key, clock, Objects.requireNonNull(sweeper, "sweeper"));
    }

    /** The directory the entries are kept in. */
    public Path directory() {
        return directory;
    }

    @Override
    public Mono<Void> save(PendingAuthorization authorization) {
        Objects.requireNonNull(authorization, "authorization");
        return this.<Void>io("save", () -> {
                    String key = authorization.key();
                    byte[] json = codec.toJson(authorization);
                    byte[] content;
                    try {
                        content = envelope.seal(name(key), VERSION, json);
                    } finally {
                        Arrays.fill(json, (byte) 0);
                    }
                    files.replace(directory.resolve(key + SUFFIX), content);
                    return null;
                })
                .doOnSuccess(saved -> sweepIfDue());
    }

    @Override
    public Mono<PendingAuthorization> take(String key) {
        PendingAuthorization.requireKey(key);
        return io("take", () -> {
            Path file = directory.resolve(key + SUFFIX);
            Path claimed = directory.resolve("." + key + "." + files.randomSuffix() + CLAIMED_SUFFIX);
            try {
                Files.move(file, claimed, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException absent) {
                return null;
            }
            try {
                return read(key, claimed);
            } finally {
                Files.deleteIfExists(claimed);
            }
        });
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public String toString() {
        return "FilePendingAuthorizationStore[directory=" + directory + "]";
    }

    /** The entry in {@code file}, or {@code null} (with a warning naming only the file) when it is unreadable. */
    private PendingAuthorization read(String key, Path file) throws IOException {
        try {
            byte[] content = AtomicFile.read(file, RecordEnvelope.MAX_FILE_BYTES);
            if (content == null) {
                return null;
            }
            RecordEnvelope.Opened opened = envelope.open(name(key), content);
            try {
                PendingAuthorization authorization = codec.fromJson(opened.json());
                return authorization.key().equals(key) ? authorization : null;
            } finally {
                Arrays.fill(opened.json(), (byte) 0);
            }
        } catch (RecordEnvelope.Unreadable | IllegalArgumentException e) {
            log.warn("Ignored unreadable pending authorization file {}: {}", file.getFileName(), e.getMessage());
            return null;
        }
    }

    /** Starts a sweep on the sweeper when one is due: at most once per interval. */
    private void sweepIfDue() {
        long now = clock.millis();
        long due = nextSweepMillis.get();
        if (now < due || !nextSweepMillis.compareAndSet(due, now + SWEEP_INTERVAL.toMillis())) {
            return;
        }
        try {
            sweeper.execute(this::sweep);
        } catch (RuntimeException rejected) {
            log.debug("Sweep of {} not started ({}); the next save tries again", directory, rejected.toString());
            nextSweepMillis.set(now);
        }
    }

    /** Removes expired entries and abandoned files. */
    private void sweep() {
        Instant instant = clock.instant();
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                try {
                    if (name.endsWith(SUFFIX) && !name.startsWith(".")) {
                        String key = name.substring(0, name.length() - SUFFIX.length());
                        PendingAuthorization p = isKey(key) ? read(key, file) : null;
                        if (p != null ? p.expiredAt(instant) : abandoned(file, instant)) {
                            removed += Files.deleteIfExists(file) ? 1 : 0;
                        }
                    } else if (name.endsWith(AtomicFile.TEMP_SUFFIX) || name.endsWith(CLAIMED_SUFFIX)) {
                        if (abandoned(file, instant)) {
                            removed += Files.deleteIfExists(file) ? 1 : 0;
                        }
                    }
                } catch (NoSuchFileException takenMeanwhile) {
                    // another caller took or removed it
                }
            }
        } catch (IOException e) {
            log.warn("Could not sweep expired pending authorizations in {}: {}", directory, e.toString());
        }
        if (removed > 0) {
            log.debug("Removed {} expired or abandoned pending authorization file(s) from {}", removed, directory);
        }
    }

    private static boolean isKey(String key) {
        try {
            PendingAuthorization.requireKey(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean abandoned(Path file, Instant now) throws IOException {
        return Files.getLastModifiedTime(file).toInstant().isBefore(now.minus(ABANDONED_AFTER));
    }

    private static String name(String key) {
        return "pending/" + key;
    }

    private <T> Mono<T> io(String what, FileOperation<T> operation) {
        return Mono.fromCallable(() -> {
                    try {
                        return operation.run();
                    } catch (IOException e) {
                        throw new StoreUnavailableException(
                                "file",
                                null,
                                "cannot " + what + " a pending authorization in " + directory + ": "
                                        + e.getClass().getSimpleName(),
                                e);
                    }
                })
                .subscribeOn(Schedulers.boundedElastic()); // looked up here, not at startup
    }

    @FunctionalInterface
    private interface FileOperation<T> {
        T run() throws IOException;
    }
}
