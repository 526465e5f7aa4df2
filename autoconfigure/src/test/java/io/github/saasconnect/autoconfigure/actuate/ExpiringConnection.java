package io.github.saasconnect.autoconfigure.actuate;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Stores a sandbox grant as a connection whose access token is inside its refresh window, so the next call refreshes. */
final class ExpiringConnection {

    private ExpiringConnection() {}

    static ConnectionId store(TokenStore store, ConnectionId id, SeededConnection seeded) {
        Instant now = Instant.now();
        store.write(
                        new ConnectionRecord(
                                ConnectionRecord.CURRENT_SCHEMA,
                                id,
                                ConnectionStatus.ACTIVE,
                                Secret.of(seeded.refreshToken()),
                                null,
                                Secret.of(seeded.accessToken()),
                                now.minusSeconds(10),
                                "Bearer",
                                Set.of(),
                                Map.of(),
                                now.minusSeconds(30_000),
                                now.minusSeconds(28_810),
                                null,
                                null,
                                "g1"),
                        0)
                .block();
        return id;
    }
}
