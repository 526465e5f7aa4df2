package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.store.PendingAuthorization;
import io.github.saasconnect.store.PendingAuthorizationCodec;
import io.github.saasconnect.store.PendingAuthorizationStore;
import io.github.saasconnect.store.crypto.SealedRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import reactor.core.publisher.Mono;

/**
 * The connect flow's started authorizations in the token store's database ({@code
 * saas_connect_pending_authorization}), so the callback can reach any instance. Each entry is sealed (the PKCE
 * verifier never lies in clear) and bound to its key; {@link #take} deletes before it answers, so of concurrent
 * takers on any number of instances exactly one gets the entry. Expired entries are dropped on every save.
 */
public final class JdbcPendingAuthorizationStore implements PendingAuthorizationStore {

    private final JdbcTokenStore store;
    private final PendingTable table;
    private final Clock clock;
    private final PendingAuthorizationCodec codec = new PendingAuthorizationCodec();

    private JdbcPendingAuthorizationStore(JdbcTokenStore store, Clock clock) {
        this.store = store;
        this.table = new PendingTable(store.jdbc());
        this.clock = clock;
    }

    /** Beside {@code store}: the same database, cipher and scheduler. */
    public static JdbcPendingAuthorizationStore besides(JdbcTokenStore store, Clock clock) {
        return new JdbcPendingAuthorizationStore(store, clock);
    }

    @Override
    public Mono<Void> save(PendingAuthorization authorization) {
        return store.call(null, () -> {
                    table.deleteExpired(clock.instant());
                    SealedRecord sealed =
                            store.cipher().seal(codec.toJson(authorization), associatedData(authorization.key()));
                    table.insert(authorization.key(), sealed.keyId(), sealed.toBytes(), authorization.expiresAt());
                    return null;
                })
                .then();
    }

    @Override
    public Mono<PendingAuthorization> take(String key) {
        return store.call(null, () -> {
            byte[] stored = table.find(key).orElse(null);
            if (stored == null || !table.delete(key)) {
                return null;
            }
            return codec.fromJson(store.cipher().open(SealedRecord.parse(stored), associatedData(key)));
        });
    }

    @Override
    public String name() {
        return "jdbc";
    }

    private static byte[] associatedData(String key) {
        return ("saas-connect pending v1\0" + key).getBytes(StandardCharsets.UTF_8);
    }
}
