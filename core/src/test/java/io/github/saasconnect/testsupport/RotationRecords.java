package io.github.saasconnect.testsupport;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;

/**
 * Many records whose tokens say whose they are and at which version they were written: for the key rotation and
 * re-encryption tests of the stores that seal records under a keyring.
 */
public final class RotationRecords {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private RotationRecords() {}

    /** The connection {@code acme/user-<i>}. */
    public static ConnectionId user(int i) {
        return ConnectionId.of("acme", "user-" + i);
    }

    /** Writes {@code count} new connections from {@code user(from)} on, 10 at a time. */
    public static void writeAll(TokenStore store, int from, int count) {
        Flux.range(from, count)
                .flatMap(i -> store.write(record(user(i), 1), 0), 10)
                .blockLast(TIMEOUT);
    }

    /** Writes version 2 of every third of {@code user(0)} to {@code user(count - 1)}. */
    public static void rewriteEveryThird(TokenStore store, int count) {
        Flux.range(0, count)
                .filter(i -> i % 3 == 0)
                .flatMap(i -> store.write(record(user(i), 2), 1), 10)
                .blockLast(TIMEOUT);
    }

    /** The records of {@code user(0)} to {@code user(count - 1)}, 10 reads at a time. */
    public static Map<ConnectionId, VersionedRecord> readAll(TokenStore store, int count) {
        return Flux.range(0, count)
                .flatMap(i -> store.read(user(i)), 10)
                .collectMap(v -> v.record().id())
                .block(TIMEOUT);
    }

    /** A record whose tokens say whose it is and at which version it was written. */
    public static ConnectionRecord record(ConnectionId id, long version) {
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
