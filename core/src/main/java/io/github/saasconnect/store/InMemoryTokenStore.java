package io.github.saasconnect.store;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A store that forgets everything on restart. For tests and demos only. */
public final class InMemoryTokenStore implements TokenStore {

    private final ConcurrentSkipListMap<String, VersionedRecord> records = new ConcurrentSkipListMap<>();
    private final InMemoryJobClaims claims = new InMemoryJobClaims();

    /** The job claims kept beside these records; deleting a connection removes its claims. */
    public InMemoryJobClaims jobClaims() {
        return claims;
    }

    @Override
    public Mono<VersionedRecord> read(ConnectionId id) {
        return Mono.fromSupplier(() -> records.get(key(id)));
    }

    @Override
    public Mono<Long> write(ConnectionRecord record, long expectedVersion) {
        return Mono.fromCallable(() -> {
            String key = key(record.id());
            VersionedRecord[] written = new VersionedRecord[1];
            records.compute(key, (k, current) -> {
                // ConcurrentSkipListMap may apply this more than once; only the last application counts
                written[0] = null;
                long currentVersion = current == null ? 0 : current.version();
                if (currentVersion != expectedVersion) {
                    return current;
                }
                written[0] = new VersionedRecord(record, currentVersion + 1);
                return written[0];
            });
            if (written[0] == null) {
                throw new StaleVersionException(record.id(), expectedVersion);
            }
            return written[0].version();
        });
    }

    @Override
    public Mono<Void> delete(ConnectionId id) {
        return Mono.fromRunnable(() -> {
            records.remove(key(id));
            claims.forget(id);
        });
    }

    @Override
    public Mono<ConnectionPage> list(String registration, String cursor, int pageSize) {
        return Mono.fromSupplier(() -> {
            String prefix = registration + "\u0000";
            Map<String, VersionedRecord> tail =
                    cursor == null ? records.tailMap(prefix, true) : records.tailMap(cursor, false);
            List<VersionedRecord> page = new ArrayList<>(pageSize);
            String last = null;
            for (var entry : tail.entrySet()) {
                if (!entry.getKey().startsWith(prefix)) {
                    break;
                }
                if (page.size() == pageSize) {
                    return new ConnectionPage(page, last);
                }
                page.add(entry.getValue());
                last = entry.getKey();
            }
            return new ConnectionPage(page, null);
        });
    }

    @Override
    public Flux<VersionedRecord> accounts(String registration, String owner) {
        return Flux.defer(() -> {
            String ownerKey = key(ConnectionId.of(registration, owner));
            String accountPrefix = ownerKey + "\u0000";
            List<VersionedRecord> found = new ArrayList<>();
            for (var entry : records.tailMap(ownerKey, true).entrySet()) {
                if (!entry.getKey().equals(ownerKey) && !entry.getKey().startsWith(accountPrefix)) {
                    break;
                }
                found.add(entry.getValue());
            }
            return Flux.fromIterable(found);
        });
    }

    @Override
    public String name() {
        return "memory";
    }

    /**
     * Registration, owner length, owner and account, NUL separated: the length keeps an owner that contains a NUL
     * from meeting another owner's account, and an owner's default connection sorts just before its accounts.
     */
    private static String key(ConnectionId id) {
        String ownerKey = id.registration() + "\u0000" + id.owner().length() + "\u0000" + id.owner();
        return id.account() == null ? ownerKey : ownerKey + "\u0000" + id.account();
    }
}
