package io.github.saasconnect.store.vault.autoconfigure;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The registration the auto-configuration tests configure beside the store: a generic OAuth 2.0 provider, acme,
 * whose endpoints on 127.0.0.1:1 are never called, and a connection of it to write.
 */
final class AcmeRegistration {

    static final String[] PROPERTIES = {
        "saas-connect.providers.acme.type=oauth2",
        "saas-connect.providers.acme.client-id=acme-client",
        "saas-connect.providers.acme.client-secret=acme-secret",
        "saas-connect.providers.acme.authorization-uri=http://127.0.0.1:1/authorize",
        "saas-connect.providers.acme.token-uri=http://127.0.0.1:1/token"
    };

    private AcmeRegistration() {}

    /** An active connection of {@code owner}, access token {@code at}, refresh token {@code rt}. */
    static ConnectionRecord connection(String owner) {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        return new ConnectionRecord(
                ConnectionRecord.CURRENT_SCHEMA,
                ConnectionId.of("acme", owner),
                ConnectionStatus.ACTIVE,
                Secret.of("rt"),
                null,
                Secret.of("at"),
                now.plusSeconds(3600),
                "Bearer",
                Set.of("read"),
                Map.of(),
                now,
                now,
                null,
                null,
                "g1");
    }
}
