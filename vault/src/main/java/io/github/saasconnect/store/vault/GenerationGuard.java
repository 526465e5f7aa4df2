package io.github.saasconnect.store.vault;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.OwnerIds;
import io.github.saasconnect.store.StaleVersionException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Checks a write that landed against the connection it replaced: after a delete the versions restart at 1, so a
 * write prepared for the deleted connection can match the version of the one made after it (ABA). That version
 * is written back and the write is stale; otherwise the key's metadata follows the record's generation.
 */
final class GenerationGuard {

    private static final Logger log = LoggerFactory.getLogger(GenerationGuard.class);
    private static final int RESTORE_TRIES = 5;

    private final VaultKeyValue kv;
    private final VaultCallPolicy calls;
    private final VaultStoreLayout layout;
    private final KeyMetadataWriter metadata;

    GenerationGuard(VaultKeyValue kv, VaultCallPolicy calls, VaultStoreLayout layout, KeyMetadataWriter metadata) {
        this.kv = kv;
        this.calls = calls;
        this.layout = layout;
        this.metadata = metadata;
    }

    /** The version {@code landed} made, once the key holds {@code record}'s connection; or a stale version. */
    Mono<Long> afterWrite(ConnectionRecord record, String path, int cas, LandedWrite landed) {
        if (landed.created()) {
            return metadata.write(record.id(), path, record.generation()).thenReturn((long) landed.version());
        }
        if (!landed.checkable() || record.generation().equals(landed.keyGeneration())) {
            return Mono.just((long) landed.version());
        }
        return checkGeneration(record, path, cas, landed.version());
    }

    /**
     * The write answer named another generation (or none) in the key's metadata. Read the version the write
     * replaced. Same generation: the metadata is merely stale (a crash between a create and its metadata write,
     * a key written by other means) and is written again. A different generation of a connection made no later
     * than ours: a legitimate replacement (a reconnect written over the old record); the metadata follows it.
     * A different generation of a connection made <em>after</em> ours: our write was prepared for a connection
     * that has since been deleted, and it replaced the new one (ABA). That version is written back and the
     * caller learns it was too late.
     */
    private Mono<Long> checkGeneration(ConnectionRecord record, String path, int replaced, int written) {
        ConnectionId id = record.id();
        return calls.idempotent(kv.get(path, replaced))
                .flatMap(previous -> {
                    Map<String, Object> theirs = previous.hasData() ? previous.getRequiredData() : Map.of();
                    Object generation = theirs.get(KeyMetadataWriter.GENERATION);
                    if (generation == null) {
                        return Mono.just((long) written);
                    }
                    if (!record.generation().equals(generation) && madeAfter(theirs, record)) {
                        log.warn(
                                "A write to connection {} was prepared for the connection deleted before the current "
                                        + "one and replaced it; writing version {} of the current connection back",
                                OwnerIds.of(id),
                                replaced);
                        return restore(id, path, theirs, written, record.generation(), 0)
                                .then(Mono.<Long>error(new StaleVersionException(id, replaced)));
                    }
                    return metadata.write(id, path, record.generation()).thenReturn((long) written);
                })
                .switchIfEmpty(Mono.fromSupplier(() -> (long) written));
    }

    /** Whether the stored record {@code theirs} belongs to a connection made after {@code ours}. */
    private static boolean madeAfter(Map<String, Object> theirs, ConnectionRecord ours) {
        try {
            Object connectedAt = theirs.get("connected_at");
            return connectedAt != null && ours.connectedAt().isBefore(Instant.parse(connectedAt.toString()));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private Mono<Void> restore(
            ConnectionId id, String path, Map<String, Object> theirs, int cas, String ourGeneration, int tries) {
        Map<String, Object> data = new LinkedHashMap<>(theirs);
        WriteId.random().addTo(data);
        return calls.checkAndSet(kv.put(path, data, cas)).then().onErrorResume(e -> {
            VaultErrors.Failure f = VaultErrors.classify(e);
            if (f.kind() != VaultErrors.Kind.CAS_MISMATCH || tries >= RESTORE_TRIES) {
                log.error(
                        "Could not write back the record of connection {} at {} ({}); it may hold tokens "
                                + "of the connection deleted before it: read it and disconnect it if so",
                        id,
                        layout.mount() + "/data/" + path,
                        f.detail());
                return Mono.empty();
            }
            // Someone wrote since: write back only over another write of our generation, never over anyone else's.
            return calls.idempotent(kv.get(path))
                    .flatMap(current -> current.hasData()
                                    && ourGeneration.equals(
                                            current.getRequiredData().get(KeyMetadataWriter.GENERATION))
                            ? restore(id, path, theirs, current.getVersion().getVersion(), ourGeneration, tries + 1)
                            : Mono.<Void>empty());
        });
    }
}
