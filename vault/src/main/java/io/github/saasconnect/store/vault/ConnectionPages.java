package io.github.saasconnect.store.vault;

import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.VersionedRecord;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.vault.support.Versioned;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Pages of a registration's connections: its folder listed once per page, the names sorted (Vault returns them
 * unordered), the page's records read a few at a time, and secrets that hold no readable record of their own
 * key skipped with a warning that names only their path.
 */
final class ConnectionPages {

    private static final Logger log = LoggerFactory.getLogger(ConnectionPages.class);
    private static final int READ_CONCURRENCY = 8;

    private final VaultKeyValue kv;
    private final VaultCallPolicy calls;
    private final VaultStoreLayout layout;
    private final ConnectionSecrets secrets;

    ConnectionPages(VaultKeyValue kv, VaultCallPolicy calls, VaultStoreLayout layout, ConnectionSecrets secrets) {
        this.kv = kv;
        this.calls = calls;
        this.layout = layout;
        this.secrets = secrets;
    }

    /** The records of {@code folder} after key {@code cursor} ({@code null}: from the first), at most {@code size}. */
    Mono<ConnectionPage> page(String folder, String cursor, int size) {
        return Mono.defer(() -> calls.idempotent(kv.list(folder).collectList())).flatMap(names -> {
            List<String> keys = names.stream()
                    .filter(VaultStoreLayout::isKey)
                    .filter(k -> cursor == null || k.compareTo(cursor) > 0)
                    .sorted()
                    .toList();
            boolean more = keys.size() > size;
            List<String> page = more ? keys.subList(0, size) : keys;
            return Flux.fromIterable(page)
                    .flatMapSequential(key -> read(folder + key), READ_CONCURRENCY)
                    .collectList()
                    .map(records -> new ConnectionPage(records, more ? page.get(page.size() - 1) : null));
        });
    }

    private Mono<VersionedRecord> read(String path) {
        return calls.idempotent(kv.get(path)).flatMap(v -> Mono.justOrEmpty(listed(path, v)));
    }

    private VersionedRecord listed(String path, Versioned<Map<String, Object>> v) {
        try {
            VersionedRecord record = secrets.toRecord(null, path, v);
            if (record != null && !layout.keyPath(record.record().id()).equals(path)) {
                log.warn(
                        "Skipped Vault secret {}: it holds the record of another connection",
                        layout.mount() + "/data/" + path);
                return null;
            }
            return record;
        } catch (UnreadableVaultRecordException e) {
            log.warn("Skipped unreadable Vault secret {} while listing: {}", e.path(), e.getMessage());
            return null;
        }
    }
}
