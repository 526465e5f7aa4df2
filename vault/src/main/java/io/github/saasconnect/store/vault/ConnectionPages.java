package io.github.saasconnect.store.vault;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.ConnectionKey;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.UnreadableRecord;
import io.github.saasconnect.store.VersionedRecord;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.vault.support.Versioned;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The connections of a registration: its folder listed once per page, each owner's default connection and then the
 * named accounts in the owner's folder (one LIST per owner folder the page reaches), the names sorted (Vault returns
 * them unordered), the page's records read a few at a time, and secrets that hold no readable record of their own
 * key reported in {@link ConnectionPage#unreadable()} with a warning that names only their path. Also one owner's
 * connections ({@link #accounts}).
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

    /**
     * The records of {@code registration} whose names come after {@code cursor} ({@code null}: from the first), at
     * most {@code size}; the cursor of the next page is the last name of this one.
     */
    Mono<ConnectionPage> page(String registration, @Nullable String cursor, int size) {
        String folder = layout.registrationFolder(registration);
        return names(registration, cursor).take(size + 1L).collectList().flatMap(names -> {
            boolean more = names.size() > size;
            List<String> page = more ? names.subList(0, size) : names;
            return Flux.fromIterable(page)
                    .flatMapSequential(name -> read(registration, folder + name, name), READ_CONCURRENCY)
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

    /**
     * The names of the connections of {@code registration} after {@code cursor}, in order: names are fixed-length
     * digests, so an owner's default connection ({@code owner}) sorts right before its named accounts
     * ({@code owner/account}) and those before the next owner. An owner folder is listed only when the walk reaches
     * it (the caller takes as many names as it needs), and never when the cursor is past it.
     */
    Flux<String> names(String registration, @Nullable String cursor) {
        String folder = layout.registrationFolder(registration);
        String cursorOwner = cursor == null ? null : cursor.substring(0, ConnectionKey.NAME_LENGTH);
        return Mono.defer(() -> calls.idempotent(kv.list(folder).collectList()))
                .flatMapIterable(ConnectionPages::owners)
                .filter(owner -> cursorOwner == null || owner.name().compareTo(cursorOwner) >= 0)
                .concatMap(owner -> Flux.concat(
                        owner.hasDefault() ? Mono.just(owner.name()) : Mono.<String>empty(),
                        owner.hasAccounts() ? accountNames(folder, owner.name()) : Flux.<String>empty()))
                .filter(name -> cursor == null || name.compareTo(cursor) > 0);
    }

    /**
     * Every connection of {@code owner} in {@code registration}: one GET of the default connection beside one LIST
     * of the owner's folder, then its accounts' secrets; the default first, then the accounts by name. A secret that
     * holds no record of this owner fails it with {@link UnreadableVaultRecordException}, as a read would.
     */
    Flux<VersionedRecord> accounts(String registration, String owner) {
        ConnectionId defaultId = ConnectionId.of(registration, owner);
        String defaultPath = layout.keyPath(defaultId);
        String ownerFolder = layout.ownerFolder(defaultId);
        Mono<VersionedRecord> defaultConnection = Mono.defer(() -> calls.idempotent(kv.get(defaultPath)))
                .flatMap(v -> secrets.offload(() -> secrets.toRecord(defaultId, defaultPath, v)));
        Flux<VersionedRecord> named = Mono.defer(
                        () -> calls.idempotent(kv.list(ownerFolder).collectList()))
                .flatMapIterable(ConnectionPages::accountKeys)
                .flatMapSequential(
                        key -> {
                            String path = ownerFolder + key;
                            return calls.idempotent(kv.get(path))
                                    .flatMap(v -> secrets.offload(() -> ownAccount(defaultId, path, v)));
                        },
                        READ_CONCURRENCY);
        return Flux.mergeSequential(defaultConnection, named);
    }

    private @Nullable VersionedRecord ownAccount(ConnectionId owner, String path, Versioned<Map<String, Object>> v) {
        VersionedRecord record = secrets.toRecord(null, path, v);
        if (record != null && !layout.keyPath(record.record().id()).equals(path)) {
            throw new UnreadableVaultRecordException(
                    owner, layout.mount() + "/data/" + path, "it holds the record of another connection");
        }
        return record;
    }

    private Flux<String> accountNames(String folder, String owner) {
        return Mono.defer(() -> calls.idempotent(kv.list(folder + owner + "/").collectList()))
                .flatMapIterable(ConnectionPages::accountKeys)
                .map(account -> owner + ConnectionKey.ACCOUNT_SEPARATOR + account);
    }

    /** An owner in a registration folder: its default connection's secret, its folder of named accounts, or both. */
    private record Owner(String name, boolean hasDefault, boolean hasAccounts) {}

    /** The owners in a LIST of a registration folder, sorted; names that are not ours are left out. */
    private static List<Owner> owners(List<String> listed) {
        Map<String, Owner> owners = new TreeMap<>();
        for (String name : listed) {
            boolean isFolder = name.endsWith("/");
            String owner = isFolder ? name.substring(0, name.length() - 1) : name;
            if (VaultStoreLayout.isKey(owner)) {
                owners.merge(
                        owner,
                        new Owner(owner, !isFolder, isFolder),
                        (a, b) ->
                                new Owner(owner, a.hasDefault() || b.hasDefault(), a.hasAccounts() || b.hasAccounts()));
            }
        }
        return List.copyOf(owners.values());
    }

    /** The account keys in a LIST of an owner folder, sorted; sub-folders and names that are not ours left out. */
    private static List<String> accountKeys(List<String> listed) {
        return listed.stream().filter(VaultStoreLayout::isKey).sorted().toList();
    }

    /** A listed secret: its record, or why it has none. */
    private record Listed(
            @Nullable VersionedRecord record, @Nullable UnreadableRecord unreadable) {}

    private Mono<Listed> read(String registration, String path, String name) {
        return calls.idempotent(kv.get(path)).flatMap(v -> secrets.offload(() -> listed(registration, path, name, v)));
    }

    private @Nullable Listed listed(String registration, String path, String name, Versioned<Map<String, Object>> v) {
        try {
            VersionedRecord record = secrets.toRecord(null, path, v);
            if (record == null) {
                return null;
            }
            if (!layout.keyPath(record.record().id()).equals(path)) {
                String reason = "it holds the record of another connection";
                log.warn("Unreadable Vault secret {} while listing: {}", layout.mount() + "/data/" + path, reason);
                return new Listed(null, new UnreadableRecord(registration, name, reason));
            }
            return new Listed(record, null);
        } catch (UnreadableVaultRecordException e) {
            log.warn("Unreadable Vault secret {} while listing: {}", e.path(), e.getMessage());
            return new Listed(null, new UnreadableRecord(registration, name, e.getMessage()));
        }
    }
}
