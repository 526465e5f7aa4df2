package io.github.saasconnect.store.crypto;

import reactor.core.publisher.Mono;

/**
 * Moves a store's records to its cipher's active key after a rotation, in bounded batches that can stop anywhere
 * (a process killed mid-batch leaves every record either as it was or moved) and carry on from where they stopped.
 * A record under a key the keyring lacks is counted as unreadable and left untouched.
 */
public interface ReEncryptor {

    /** The store's name ({@code file}, {@code jdbc} ...), to tell re-encryptions apart in meters and logs. */
    String storeName();

    /**
     * One batch: up to the re-encryptor's batch size of records not under the active key, after where the previous
     * batch stopped. A batch that reaches the end of the store starts the next pass from the beginning.
     */
    Mono<ReEncryptionBatch> runBatch();

    /** Runs batches until a pass completes; the last batch. For tools and tests (a scheduled task runs one per tick). */
    default Mono<ReEncryptionBatch> runPass() {
        return runBatch()
                .expand(b -> b.passComplete() ? Mono.empty() : runBatch())
                .last();
    }
}
