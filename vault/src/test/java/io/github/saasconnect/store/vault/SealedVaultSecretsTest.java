package io.github.saasconnect.store.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.store.crypto.EnvelopeCipher;
import io.github.saasconnect.testkit.vault.Capability;
import io.github.saasconnect.testkit.vault.RecordedRequest;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Defence in depth for the Vault store: with Vault Transit as key wrapper, a connection's KV secret holds its access
 * and refresh tokens only sealed (the data key wrapped by Transit, bound to the secret's path), so a token that may
 * read the KV path but not decrypt with Transit sees no token. Runs on the reactive client: the Transit calls are
 * moved off its event loop.
 */
class SealedVaultSecretsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String STORE = "store";
    private static final ConnectionId ALICE = ConnectionId.of("acme", "alice");
    private static final ConnectionId BOB = ConnectionId.of("acme", "bob");

    private final VaultTestServer vault = VaultTestServer.start(VaultTestServer.options()
            .transitMount("transit")
            .token(
                    STORE,
                    TestVaultClients.STORE_POLICY
                            .allow("transit/encrypt/records", Capability.UPDATE)
                            .allow("transit/decrypt/records", Capability.UPDATE)
                            .allow("transit/rewrap/records", Capability.UPDATE)
                            .allow("transit/keys/records", Capability.READ)));
    private final VaultStoreLayout layout = VaultStoreLayout.defaults();

    SealedVaultSecretsTest() {
        TestVaultClients.blocking(vault.uri(), vault.token()).write("transit/keys/records", Map.of("derived", true));
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    private VaultTokenStore sealing() {
        VaultTransitKeyWrapper wrapper = new VaultTransitKeyWrapper(
                TestVaultClients.reactive(vault.uri(), STORE),
                "transit",
                "records",
                TIMEOUT,
                Duration.ofMinutes(5),
                Clock.systemUTC());
        return VaultTokenStore.builder(TestVaultClients.reactive(vault.uri(), STORE))
                .recordCipher(new EnvelopeCipher(wrapper))
                .build();
    }

    private VaultTokenStore plain() {
        return VaultTokenStore.builder(TestVaultClients.reactive(vault.uri(), STORE))
                .build();
    }

    @Test
    void theSecretHoldsTheTokensOnlySealedByTransitAndTheStoreReadsThemBack() {
        VaultTokenStore store = sealing();

        store.write(record(ALICE, "1"), 0).block(TIMEOUT);

        Map<String, Object> secret = vault.readCurrent(layout.keyPath(ALICE)).orElseThrow();
        assertThat(secret)
                .doesNotContainKeys("access_token", "refresh_token")
                .containsKeys(ConnectionSecrets.SEALED, "owner", "status", "generation");
        assertThat(secret.values().toString()).doesNotContain("access-1").doesNotContain("refresh-1");
        assertThat(vault.requests()).extracting(RecordedRequest::vaultPath).contains("transit/encrypt/records");
        ConnectionRecord read = store.read(ALICE).block(TIMEOUT).record();
        assertThat(read.accessToken().reveal()).isEqualTo("access-1");
        assertThat(read.refreshToken().reveal()).isEqualTo("refresh-1");
        assertThat(store.list("acme", null, 10).block(TIMEOUT).records()).hasSize(1);
    }

    @Test
    void aStoreWithoutTheKeyWrapperCannotReadASealedSecretAndLeavesIt() {
        sealing().write(record(ALICE, "1"), 0).block(TIMEOUT);
        Map<String, Object> before = vault.readCurrent(layout.keyPath(ALICE)).orElseThrow();

        assertThatThrownBy(() -> plain().read(ALICE).block(TIMEOUT))
                .isInstanceOf(UnreadableVaultRecordException.class)
                .hasMessageContaining("sealed");
        assertThat(vault.readCurrent(layout.keyPath(ALICE))).contains(before);
    }

    @Test
    void sealedTokensCopiedOntoAnotherConnectionDoNotOpenThere() {
        VaultTokenStore store = sealing();
        store.write(record(ALICE, "1"), 0).block(TIMEOUT);
        store.write(record(BOB, "2"), 0).block(TIMEOUT);
        Map<String, Object> bob =
                new LinkedHashMap<>(vault.readCurrent(layout.keyPath(BOB)).orElseThrow());
        bob.put(
                ConnectionSecrets.SEALED,
                vault.readCurrent(layout.keyPath(ALICE)).orElseThrow().get(ConnectionSecrets.SEALED));
        vault.seed(layout.keyPath(BOB), bob);

        assertThatThrownBy(() -> store.read(BOB).block(TIMEOUT)).isInstanceOf(UnreadableVaultRecordException.class);
    }

    @Test
    void aSecretWrittenBeforeSealingStaysReadableAndItsNextWriteSealsIt() {
        plain().write(record(ALICE, "1"), 0).block(TIMEOUT);
        VaultTokenStore store = sealing();

        assertThat(store.read(ALICE).block(TIMEOUT).record().accessToken().reveal())
                .isEqualTo("access-1");
        store.write(record(ALICE, "2"), 1).block(TIMEOUT);

        assertThat(vault.readCurrent(layout.keyPath(ALICE)).orElseThrow())
                .doesNotContainKey("access_token")
                .containsKey(ConnectionSecrets.SEALED);
        assertThat(store.read(ALICE).block(TIMEOUT).record().refreshToken().reveal())
                .isEqualTo("refresh-2");
    }

    private static ConnectionRecord record(ConnectionId id, String n) {
        Instant now = Instant.parse("2026-12-04T10:00:00Z");
        return ConnectionRecord.connected(
                id,
                new TokenSet(
                        Secret.of("access-" + n),
                        now.plusSeconds(3600),
                        "Bearer",
                        Secret.of("refresh-" + n),
                        null,
                        Set.of("read"),
                        null,
                        Map.of()),
                Map.of(),
                now,
                "generation-" + id.owner());
    }
}
