package io.github.saasconnect.store.vault;

import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.UnreadableRecord;
import io.github.saasconnect.store.VersionedRecord;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.vault.support.Versioned;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Pages of a registration's connections: its folder listed once per page, the names sorted (Vault returns them
 * unordered), the page's records read a few at a time, and secrets that hold no readable record of their own
 * key reported in {@link ConnectionPage#unreadable()} with a warning that names only their path.
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
                    .flatMapSequential(key -> read(folder, key), READ_CONCURRENCY)
                    .collectList()
                    .map(listed -> new ConnectionPage(
                            listed.stream()
                                    .map(Listed::record)
                                    .filter(Objects::nonNull)
                                    .toList(),
                            more ? page.get(page.size() - 1) : null,
                            listed.stream()
                                    .map(Listed::unreadable)
                                    .filter(Objects::nonNull)
                                    .toList()));
        });
    }

    /** A listed secret: its record, or why it has none. */
    private record Listed(
            @Nullable VersionedRecord record, @Nullable UnreadableRecord unreadable) {}

    private Mono<Listed> read(String folder, String key) {
        String path = folder + key;
        return calls.idempotent(kv.get(path)).flatMap(v -> secrets.offload(() -> listed(path, key, v)));
    }

    private @Nullable Listed listed(String path, String key, Versioned<Map<String, Object>> v) {
        String registration = registrationOf(path);
        try {
            VersionedRecord record = secrets.toRecord(null, path, v);
            if (record == null) {
                return null;
            }
            if (!layout.keyPath(record.record().id()).equals(path)) {
                String reason = "it holds the record of another connection";
                log.warn("Unreadable Vault secret {} while listing: {}", layout.mount() + "/data/" + path, reason);
                return new Listed(null, new UnreadableRecord(registration, key, reason));
            }
            return new Listed(record, null);
        } catch (UnreadableVaultRecordException e) {
            log.warn("Unreadable Vault secret {} while listing: {}", e.path(), e.getMessage());
            return new Listed(null, new UnreadableRecord(registration, key, e.getMessage()));
        }
    }

    private String registrationOf(String path) {
        return path.substring(layout.prefix().length() + 1, path.lastIndexOf('/'));
    }
}
