package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.store.crypto.ReEncryptionBatch;
import io.github.saasconnect.store.crypto.ReEncryptor;
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
public final class ReEncryption implements ReEncryptor {

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

    @Override
    public String storeName() {
        return store.name();
    }

    @Override
    public Mono<ReEncryptionBatch> runBatch() {
        return store.call(null, this::moveBatch);
    }

    private ReEncryptionBatch moveBatch() {
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
        long remaining = table.countByKeyId().entrySet().stream()
                .filter(e -> !e.getKey().equals(active))
                .mapToLong(Map.Entry::getValue)
                .sum();
        ReEncryptionBatch batch =
                new ReEncryptionBatch(active, moved, changedMeanwhile, unreadable, remaining, passComplete);
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

    /** Runs batches until a pass completes, then counts the records per key id; for tools and tests. */
    public Mono<Map<String, Long>> runPassAndCount() {
        return runPass().then(store.recordsPerKeyId());
    }
}
