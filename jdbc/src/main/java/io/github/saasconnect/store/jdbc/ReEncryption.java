package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.store.crypto.RecordCipher;
import io.github.saasconnect.store.crypto.RecordCipherException;
import io.github.saasconnect.store.crypto.SealedRecord;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Moves records to the cipher's active key after a rotation, in bounded batches. Only the data key of a record is
 * wrapped anew; its ciphertext, content and version stay, and each row is replaced by one conditional {@code UPDATE}
 * (same version, same old key id), so a refresh that writes the row meanwhile simply wins, and a process killed
 * mid-batch leaves every row either as it was or moved: nothing to repair, the next batch carries on. A record under
 * a key the keyring lacks is skipped, counted and reported, never overwritten.
 *
 * <p>Not thread-safe: run one batch at a time (several instances may each run their own).
 */
public final class ReEncryption {

    private static final Logger log = LoggerFactory.getLogger(ReEncryption.class);

    private final ConnectionTable table;
    private final RecordCipher cipher;
    private final JdbcTokenStore store;
    private final int batchSize;
    private String afterRegistration = "";
    private String afterDigest = "";

    /**
     * @param batchSize the most records one {@link #runBatch()} reads and moves
     */
    public ReEncryption(JdbcTokenStore store, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1 but was " + batchSize);
        }
        this.store = store;
        this.table = store.table();
        this.cipher = store.cipher();
        this.batchSize = batchSize;
    }

    /**
     * One batch: up to {@code batchSize} records not under the active key, after where the previous batch stopped.
     * A batch that reaches the end of the table starts the next pass from the beginning.
     */
    public Mono<Batch> runBatch() {
        return store.call(null, this::moveBatch);
    }

    private Batch moveBatch() {
        String active = cipher.activeKeyId();
        List<StoredRow> rows = table.notUnder(active, afterRegistration, afterDigest, batchSize);
        int moved = 0;
        int changedMeanwhile = 0;
        int unreadable = 0;
        for (StoredRow row : rows) {
            try {
                SealedRecord sealed = cipher.rewrap(
                        SealedRecord.parse(row.sealed()),
                        JdbcTokenStore.associatedData(row.registration(), row.ownerDigest()));
                if (table.rewrap(row, sealed.keyId(), sealed.toBytes())) {
                    moved++;
                } else {
                    changedMeanwhile++;
                }
            } catch (RecordCipherException e) {
                unreadable++;
                log.warn(
                        "re-encryption skipped a record: {}",
                        e.in(row.registration()).getMessage());
            }
        }
        boolean passComplete = rows.size() < batchSize;
        if (passComplete) {
            afterRegistration = "";
            afterDigest = "";
        } else {
            StoredRow last = rows.get(rows.size() - 1);
            afterRegistration = last.registration();
            afterDigest = last.ownerDigest();
        }
        Batch batch = new Batch(active, moved, changedMeanwhile, unreadable, passComplete);
        if (!rows.isEmpty()) {
            log.info(
                    "re-encryption to key '{}': {} moved, {} written by a refresh meanwhile, {} unreadable{}",
                    active,
                    moved,
                    changedMeanwhile,
                    unreadable,
                    passComplete ? "; pass complete" : "");
        }
        return batch;
    }

    /** Runs batches until a pass completes; for tools and tests (a scheduled task runs one batch per tick). */
    public Mono<Map<String, Long>> runPass() {
        return runBatch()
                .expand(b -> b.passComplete() ? Mono.empty() : runBatch())
                .then(store.recordsPerKeyId());
    }

    /**
     * What one batch did.
     *
     * @param activeKeyId the key records were moved to
     * @param moved records now under that key
     * @param changedMeanwhile records a refresh rewrote between read and move (already under the active key)
     * @param unreadable records under a key the keyring does not hold, or damaged: left untouched and logged
     * @param passComplete whether the batch reached the end of the table
     */
    public record Batch(String activeKeyId, int moved, int changedMeanwhile, int unreadable, boolean passComplete) {}
}
