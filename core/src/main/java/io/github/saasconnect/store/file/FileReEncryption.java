package io.github.saasconnect.store.file;

import io.github.saasconnect.store.crypto.ReEncryptionBatch;
import io.github.saasconnect.store.crypto.ReEncryptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Moves a {@link FileTokenStore}'s records to its active key after a rotation (and files of format 1 to format 2), in
 * bounded batches. Each file is replaced atomically under the connection's lock with the same record and version:
 * only its data key is wrapped anew (a format-1 file is sealed again). A process killed mid-batch leaves every file
 * either as it was or moved, and the next run carries on; a file under a key the keyring lacks is counted, logged and
 * left untouched.
 *
 * <p>Each batch reads the first bytes of every record file to find those not under the active key, which suits the
 * few thousand connections an embedded store is meant for. Not thread-safe: run one batch at a time.
 */
public final class FileReEncryption implements ReEncryptor {

    private static final Logger log = LoggerFactory.getLogger(FileReEncryption.class);
    private static final Comparator<RecordFiles.RecordFile> ORDER =
            Comparator.comparing(RecordFiles.RecordFile::registration).thenComparing(RecordFiles.RecordFile::name);

    private final FileTokenStore store;
    private final int batchSize;
    private RecordFiles.RecordFile after;

    /** @param batchSize the most records one {@link #runBatch()} moves */
    public FileReEncryption(FileTokenStore store, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1 but was " + batchSize);
        }
        this.store = store;
        this.batchSize = batchSize;
    }

    @Override
    public String storeName() {
        return store.name();
    }

    @Override
    public Mono<ReEncryptionBatch> runBatch() {
        return store.call("re-encrypt", this::moveBatch);
    }

    private ReEncryptionBatch moveBatch() throws IOException {
        String active = store.activeKeyId();
        List<RecordFiles.RecordFile> pending = new ArrayList<>();
        for (RecordFiles.RecordFile file : RecordFiles.under(store.directory())) {
            if (!store.underActiveKey(file.path())) {
                pending.add(file);
            }
        }
        pending.sort(ORDER);
        List<RecordFiles.RecordFile> next = after == null
                ? pending
                : pending.stream().filter(f -> ORDER.compare(f, after) > 0).toList();
        List<RecordFiles.RecordFile> batch = next.subList(0, Math.min(batchSize, next.size()));
        int moved = 0;
        int changedMeanwhile = 0;
        int unreadable = 0;
        for (RecordFiles.RecordFile file : batch) {
            switch (store.moveToActiveKey(file)) {
                case MOVED -> moved++;
                case ALREADY_UNDER_ACTIVE_KEY, GONE -> changedMeanwhile++;
                case UNREADABLE -> unreadable++;
            }
        }
        boolean passComplete = next.size() <= batchSize;
        after = passComplete ? null : batch.get(batch.size() - 1);
        ReEncryptionBatch result = new ReEncryptionBatch(
                active, moved, changedMeanwhile, unreadable, pending.size() - moved - changedMeanwhile, passComplete);
        if (!batch.isEmpty()) {
            log.info(
                    "re-encryption of {} to key '{}': {} moved, {} written meanwhile, {} unreadable, {} remaining{}",
                    store.directory(),
                    active,
                    moved,
                    changedMeanwhile,
                    unreadable,
                    result.remaining(),
                    passComplete ? "; pass complete" : "");
        }
        return result;
    }
}
