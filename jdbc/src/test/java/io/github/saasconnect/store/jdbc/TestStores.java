package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.store.crypto.EnvelopeCipher;
import io.github.saasconnect.store.crypto.Keyring;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import reactor.core.publisher.Flux;

/** Keys and stores for the JDBC store's tests. */
final class TestStores {

    static final byte[] OWNER_KEY = Keyring.newKey();
    static final byte[] K1 = Keyring.newKey();
    static final byte[] K2 = Keyring.newKey();
    static final byte[] K3 = Keyring.newKey();

    private TestStores() {}

    static Keyring keyring() {
        return Keyring.builder().active("k1", K1).build();
    }

    static JdbcTokenStore store(DataSource dataSource) {
        return store(dataSource, keyring());
    }

    static JdbcTokenStore store(DataSource dataSource, Keyring keyring) {
        return JdbcTokenStore.builder(dataSource, new EnvelopeCipher(keyring), OwnerDigest.of(OWNER_KEY))
                .build();
    }

    /** The connection {@code acme/user-<i>}. */
    static ConnectionId user(int i) {
        return ConnectionId.of("acme", "user-" + i);
    }

    /** Writes {@code count} new connections from {@code user(from)} on, 10 at a time. */
    static void writeAll(JdbcTokenStore store, int from, int count) {
        Flux.range(from, count)
                .flatMap(i -> store.write(record(user(i), 1), 0), 10)
                .blockLast(Duration.ofSeconds(60));
    }

    /** The records of {@code user(0)} to {@code user(count - 1)}, 10 reads at a time. */
    static Map<ConnectionId, VersionedRecord> readAll(JdbcTokenStore store, int count) {
        return Flux.range(0, count)
                .flatMap(i -> store.read(user(i)), 10)
                .collectMap(v -> v.record().id())
                .block(Duration.ofSeconds(60));
    }

    /** A record whose tokens say whose it is and at which version it was written. */
    static ConnectionRecord record(ConnectionId id, long version) {
        Instant now = Instant.parse("2026-12-04T10:00:00Z");
        return ConnectionRecord.connected(
                id,
                new TokenSet(
                        Secret.of("access-" + id.owner() + "-v" + version),
                        now.plusSeconds(3600),
                        "Bearer",
                        Secret.of("refresh-" + id.owner() + "-v" + version),
                        null,
                        Set.of("read"),
                        null,
                        Map.of()),
                Map.of(),
                now,
                "generation-" + id.owner());
    }
}
