package io.github.saasconnect.store.vault;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.store.ConnectionKey;
import io.github.saasconnect.store.StaleVersionException;
import io.github.saasconnect.store.StoreMigrationRequiredException;
import io.github.saasconnect.store.VersionedRecord;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.vault.support.Versioned;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Brings the keys under a Vault store's prefix to the naming the store uses (see
 * {@link VaultTokenStore#prepareOwnerNames}); {@code {prefix}/_layout} records it once done.
 */
final class OwnerNameMigration {

    static final String KEYED = "hmac-sha256-v1";
    static final String SECRET_PROPERTY = "saas-connect.store.vault.owner-digest-secret";
    static final String MIGRATE_PROPERTY = "saas-connect.store.vault.migrate-owner-digests";

    private static final Logger log = LoggerFactory.getLogger(OwnerNameMigration.class);
    /** Named with the secret and kept in the record, so a changed secret is noticed rather than hiding everything. */
    private static final ConnectionId CHECK = ConnectionId.of("saas-connect-check", "owner-digest-secret");

    private final VaultKeyValue kv;
    private final VaultCallPolicy calls;
    private final VaultStoreLayout layout;
    private final ConnectionSecrets secrets;
    private final ConnectionPages pages;
    private final VaultTokenStore store;

    OwnerNameMigration(
            VaultKeyValue kv,
            VaultCallPolicy calls,
            VaultStoreLayout layout,
            ConnectionSecrets secrets,
            ConnectionPages pages,
            VaultTokenStore store) {
        this.kv = kv;
        this.calls = calls;
        this.layout = layout;
        this.secrets = secrets;
        this.pages = pages;
        this.store = store;
    }

    Mono<Integer> run(boolean migrate) {
        return calls.guarded(null, null, "owner name check", layout, Mono.defer(() -> check(migrate)));
    }

    private Mono<Integer> check(boolean migrate) {
        ConnectionKey names = layout.ownerNames();
        String marker = layout.layoutMarkerPath();
        return calls.idempotent(kv.get(marker))
                .map(v -> v.hasData() ? v.getRequiredData() : Map.<String, Object>of())
                .defaultIfEmpty(Map.of())
                .flatMap(recorded -> {
                    if (!recorded.isEmpty()) {
                        check(recorded, names);
                        return Mono.just(0);
                    }
                    if (names == null) {
                        return Mono.just(0); // the unkeyed naming of earlier versions, as the store always was
                    }
                    return unkeyed(names).collectList().flatMap(found -> move(found, migrate, names));
                });
    }

    private void check(Map<String, Object> recorded, @Nullable ConnectionKey names) {
        boolean keyed = KEYED.equals(recorded.get("owner_names"));
        if (keyed && names == null) {
            throw misconfigured("the connections under " + where() + " are named with an owner digest secret, but "
                    + SECRET_PROPERTY + " is not set: every connection would look absent. Set it to the secret they "
                    + "were written with");
        }
        if (keyed && !names.name(CHECK).equals(recorded.get("check"))) {
            throw misconfigured("the connections under " + where() + " were named with another owner digest secret "
                    + "than " + SECRET_PROPERTY + ": every connection would look absent. Set it to the secret they "
                    + "were written with");
        }
    }

    /** The stored connections whose keys are the unkeyed names of earlier versions. */
    private Flux<VersionedRecord> unkeyed(ConnectionKey names) {
        return calls.idempotent(kv.list(layout.prefix() + "/").collectList())
                .flatMapMany(Flux::fromIterable)
                .filter(name ->
                        name.endsWith("/") && ConnectionId.isValidRegistration(name.substring(0, name.length() - 1)))
                .map(folder -> folder.substring(0, folder.length() - 1))
                .concatMap(registration ->
                        pages.names(registration, null).map(name -> layout.registrationFolder(registration) + name))
                .concatMap(path -> calls.idempotent(kv.get(path))
                        .flatMap(v -> secrets.offload(() -> unkeyedRecord(path, v, names))));
    }

    private @Nullable VersionedRecord unkeyedRecord(
            String path, Versioned<Map<String, Object>> v, ConnectionKey names) {
        VersionedRecord record;
        try {
            record = secrets.toRecord(null, path, v);
        } catch (UnreadableVaultRecordException e) {
            log.warn("Vault secret {} cannot be read, so it keeps its name: {}", e.path(), e.getMessage());
            return null;
        }
        if (record == null) {
            return null;
        }
        ConnectionId id = record.record().id();
        String key = layout.nameOf(path); // owner, or owner/account
        return !names.name(id).equals(key) && ConnectionKey.of(id).equals(key) ? record : null;
    }

    private Mono<Integer> move(List<VersionedRecord> found, boolean migrate, ConnectionKey names) {
        if (!found.isEmpty() && !migrate) {
            return Mono.error(new StoreMigrationRequiredException(
                    VaultTokenStore.NAME,
                    found.size() + " connection(s) under " + where() + " are named by the unkeyed SHA-256 of "
                            + "earlier versions (anyone who can LIST them can check a guessed owner id), and "
                            + "moving them to names keyed with " + SECRET_PROPERTY + " is not allowed. Stop instances "
                            + "of earlier versions, then set " + MIGRATE_PROPERTY + "=true (builder: "
                            + "prepareOwnerNames(true)) for one start: each connection is written to its keyed path "
                            + "before its old one is deleted, nothing is lost"));
        }
        return Flux.fromIterable(found)
                .concatMap(record -> moveOne(record.record()))
                .then(Mono.defer(() -> {
                    Map<String, Object> done = Map.of("owner_names", KEYED, "check", names.name(CHECK));
                    // another instance that started with us may have written it first: the same content
                    return calls.checkAndSet(kv.put(layout.layoutMarkerPath(), done, 0))
                            .onErrorResume(
                                    e -> VaultErrors.classify(e).kind() == VaultErrors.Kind.CAS_MISMATCH,
                                    e -> Mono.empty());
                }))
                .then(Mono.fromSupplier(() -> {
                    if (!found.isEmpty()) {
                        log.info(
                                "Moved {} connection(s) under {} to names keyed with the owner digest secret",
                                found.size(),
                                where());
                    }
                    return found.size();
                }));
    }

    private Mono<Void> moveOne(ConnectionRecord record) {
        ConnectionId id = record.id();
        return store.write(record, 0)
                .onErrorResume(StaleVersionException.class, alreadyMoved -> Mono.just(0L))
                .then(calls.idempotent(kv.deleteMetadata(layout.unkeyedPath(id))));
    }

    private String where() {
        return layout.mount() + "/data/" + layout.prefix() + "/";
    }

    private static VaultStoreMisconfiguredException misconfigured(String message) {
        return new VaultStoreMisconfiguredException(null, null, 0, message);
    }
}
