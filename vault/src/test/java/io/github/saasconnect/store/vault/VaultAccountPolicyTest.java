package io.github.saasconnect.store.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.testkit.vault.Capability;
import io.github.saasconnect.testkit.vault.VaultPolicy;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * What VAULT-STORE.md says a policy needs for named accounts, one level below the registration: a trailing {@code *}
 * (here narrowed to one registration) covers them as it is; a policy written segment by segment with {@code +} for
 * default connections only does not, and the store says so with the policy it needs.
 */
class VaultAccountPolicyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String CONNECTIONS = "saas-connect/connections/";
    private static final String GITHUB_ONLY = "github-only";
    private static final String SEGMENTS = "segments";

    private final VaultTestServer vault = VaultTestServer.start(VaultTestServer.options()
            .token(
                    GITHUB_ONLY,
                    VaultPolicy.named(GITHUB_ONLY)
                            .allow(
                                    "secret/data/" + CONNECTIONS + "github/*",
                                    Capability.CREATE,
                                    Capability.READ,
                                    Capability.UPDATE)
                            .allow(
                                    "secret/metadata/" + CONNECTIONS + "github/*",
                                    Capability.CREATE,
                                    Capability.UPDATE,
                                    Capability.DELETE,
                                    Capability.LIST)
                            .allow("secret/metadata/" + CONNECTIONS + "_claims/", Capability.LIST))
            .token(
                    SEGMENTS,
                    VaultPolicy.named(SEGMENTS)
                            .allow(
                                    "secret/data/" + CONNECTIONS + "+/+",
                                    Capability.CREATE,
                                    Capability.READ,
                                    Capability.UPDATE)
                            .allow(
                                    "secret/metadata/" + CONNECTIONS + "+/+",
                                    Capability.CREATE,
                                    Capability.UPDATE,
                                    Capability.DELETE)));

    @AfterEach
    void stop() {
        vault.close();
    }

    @Test
    void aRegistrationsTrailingGlobCoversItsNamedAccounts() {
        VaultTokenStore store = store(GITHUB_ONLY);
        ConnectionId alice = ConnectionId.of("github", "alice");
        ConnectionId work = ConnectionId.of("github", "alice", "1001");

        store.write(record(alice), 0).block(TIMEOUT);
        long v = store.write(record(work), 0).block(TIMEOUT);
        store.write(record(work), v).block(TIMEOUT);

        assertThat(store.accounts("github", "alice").count().block(TIMEOUT)).isEqualTo(2);
        assertThat(store.list("github", null, 10).block(TIMEOUT).records()).hasSize(2);
        store.delete(work).block(TIMEOUT);
        assertThat(store.read(work).blockOptional(TIMEOUT)).isEmpty();
        assertThat(vault.requests()).noneMatch(r -> r.status() == 403);
    }

    @Test
    void aPolicyOfOneSegmentPerLevelCoversDefaultConnectionsOnlyAndTheStoreNamesThePolicy() {
        VaultTokenStore store = store(SEGMENTS);

        store.write(record(ConnectionId.of("github", "alice")), 0).block(TIMEOUT);

        StepVerifier.create(store.write(record(ConnectionId.of("github", "alice", "1001")), 0))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(VaultStoreMisconfiguredException.class)
                        .hasMessageContaining("secret/data/saas-connect/connections/*"))
                .verify(TIMEOUT);
    }

    private VaultTokenStore store(String token) {
        return VaultTokenStore.builder(TestVaultClients.reactive(vault.uri(), token))
                .build();
    }

    private static ConnectionRecord record(ConnectionId id) {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        TokenSet tokens = new TokenSet(
                Secret.of("access"),
                now.plusSeconds(3600),
                "Bearer",
                Secret.of("refresh"),
                null,
                Set.of(),
                null,
                Map.of());
        return ConnectionRecord.connected(id, tokens, Map.of(), now, "g-" + id);
    }
}
