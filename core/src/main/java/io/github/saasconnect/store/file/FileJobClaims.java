package io.github.saasconnect.store.file;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.ClaimOutcome;
import io.github.saasconnect.store.JobClaim;
import io.github.saasconnect.store.JobClaims;
import io.github.saasconnect.store.StoredClaim;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The {@link JobClaims} of a {@link FileTokenStore}, in a directory of their own beside the records:
 *
 * <pre>
 * {directory}/.claims/{job}/{registration}/{owner}.claim             one job's claim on a default connection
 * {directory}/.claims/{job}/{registration}/{owner}/{account}.claim   on a named account
 * </pre>
 *
 * laid out as the records are ({@link RecordFiles}), by the record's keyed name, so no owner or account id shows here
 * either; a claim file holds only the period,
 * the holder, the lapse and whether it is done (no tokens, nothing secret), written atomically like a record. Claims
 * are decided under a lock per claim file: the store's directory belongs to one process (see {@link FileTokenStore}),
 * so the replicas that share these claims are the jobs of that process, and after a crash the restarted process takes
 * the dead run's lapsed claims over. Deleting a connection deletes its claims.
 */
final class FileJobClaims implements JobClaims {

    static final String DIRECTORY = ".claims";
    private static final String SUFFIX = ".claim";
    private static final int MAX_BYTES = 4096;
    private static final int STRIPES = 64;

    private final Path root;
    private final Function<ConnectionId, String> digests;
    private final FileIo io;
    private final AtomicFile files = new AtomicFile();
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    /** How the store runs file work: on its scheduler, while it is open, failures as its own. */
    interface FileIo {
        <T> Mono<T> run(ConnectionId id, String operation, FileTokenStore.FileOperation<T> work);
    }

    FileJobClaims(Path storeDirectory, Function<ConnectionId, String> digests, FileIo io) {
        this.root = storeDirectory.resolve(DIRECTORY);
        this.digests = digests;
        this.io = io;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    @Override
    public Mono<ClaimOutcome> claim(JobClaim claim) {
        return locked(claim, "claim a job connection for", file -> {
            ClaimOutcome outcome = StoredClaim.decide(read(file), claim);
            if (outcome.mine()) {
                write(file, StoredClaim.of(claim));
            }
            return outcome;
        });
    }

    @Override
    public Mono<Boolean> complete(JobClaim claim) {
        return locked(claim, "complete a job claim in", file -> {
            StoredClaim current = read(file);
            if (current == null || !current.heldBy(claim)) {
                return false;
            }
            write(file, current.completed());
            return true;
        });
    }

    /** Deletes every job's claim on {@code id}; the caller runs on the store's scheduler. */
    void forget(ConnectionId id) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        String name = digests.apply(id);
        try (DirectoryStream<Path> jobs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path job : jobs) {
                // an owner's emptied claims folder stays: removing it could race a claim being written into it
                Files.deleteIfExists(file(job, id.registration(), name));
            }
        }
    }

    private <T> Mono<T> locked(JobClaim claim, String operation, ClaimOperation<T> work) {
        return io.run(claim.connection(), operation, () -> {
            Path file = file(
                    root.resolve(claim.job()), claim.connection().registration(), digests.apply(claim.connection()));
            ReentrantLock stripe = stripes[Math.floorMod(file.hashCode(), STRIPES)];
            stripe.lock();
            try {
                return work.run(file);
            } finally {
                stripe.unlock();
            }
        });
    }

    private static Path file(Path job, String registration, String name) {
        return RecordFiles.resolve(job.resolve(registration), name, SUFFIX);
    }

    @FunctionalInterface
    private interface ClaimOperation<T> {
        T run(Path file) throws IOException;
    }

    private static @Nullable StoredClaim read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = AtomicFile.read(file, MAX_BYTES);
        } catch (RecordEnvelope.Unreadable e) {
            // not a claim this store wrote: treat it as none, the next write replaces it
            return null;
        }
        if (bytes == null) {
            return null;
        }
        Map<String, String> fields = new HashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                fields.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        try {
            return StoredClaim.fromMap(fields);
        } catch (IllegalArgumentException damaged) {
            // a claim is not worth stopping a job for: a damaged one counts as none and is overwritten
            return null;
        }
    }

    private void write(Path file, StoredClaim claim) throws IOException {
        AtomicFile.createDirectories(file.getParent());
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> field : claim.toMap().entrySet()) {
            // no field holds a line break (a holder has no control characters)
            text.append(field.getKey()).append('=').append(field.getValue()).append('\n');
        }
        files.replace(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
