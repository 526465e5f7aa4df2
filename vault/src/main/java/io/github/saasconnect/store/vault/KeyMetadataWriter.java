package io.github.saasconnect.store.vault;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.OwnerIds;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.vault.support.VaultMetadataRequest;
import reactor.core.publisher.Mono;

/**
 * Writes the metadata a connection's key gets: {@code max_versions}, {@code cas_required}, no automatic deletion,
 * and the connection's generation as custom metadata.
 */
final class KeyMetadataWriter {

    private static final Logger log = LoggerFactory.getLogger(KeyMetadataWriter.class);

    /** The record field and custom metadata key that tell one connection from the one deleted before it. */
    static final String GENERATION = "generation";

    private final VaultKeyValue kv;
    private final VaultCallPolicy calls;
    private final VaultStoreLayout layout;
    private final int maxVersions;
    private final AtomicBoolean warned = new AtomicBoolean();

    KeyMetadataWriter(VaultKeyValue kv, VaultCallPolicy calls, VaultStoreLayout layout, int maxVersions) {
        this.kv = kv;
        this.calls = calls;
        this.layout = layout;
        this.maxVersions = maxVersions;
    }

    /** Sets the metadata of the key at {@code path}; a failure is logged, never reported. */
    Mono<Void> write(ConnectionId id, String path, String generation) {
        VaultMetadataRequest request = VaultMetadataRequest.builder()
                .maxVersions(maxVersions)
                .casRequired(true)
                .deleteVersionAfter(Duration.ZERO)
                .customMetadata(Map.of(GENERATION, generation))
                .build();
        return calls.idempotent(kv.putMetadata(path, request)).onErrorResume(e -> {
            // The record is stored; only pruning and the ABA check wait for metadata, and the next write heals it.
            VaultErrors.Failure f = VaultErrors.classify(e);
            if (warned.compareAndSet(false, true)) {
                log.warn(
                        "Stored connection {} but could not set the metadata of {} ({}). Old refresh tokens "
                                + "are kept up to Vault's default of 10 versions until it is set. The store needs "
                                + "this policy:\n{}",
                        OwnerIds.of(id),
                        layout.mount() + "/metadata/" + path,
                        f.detail(),
                        layout.policy());
            } else {
                log.debug("could not set the metadata of connection {} ({})", id, f.detail());
            }
            return Mono.empty();
        });
    }
}
