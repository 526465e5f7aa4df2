package io.github.saasconnect.store.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.store.ConnectionKey;
import io.github.saasconnect.store.StoreMigrationRequiredException;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.vault.core.VaultTemplate;

/**
 * Keyed names in Vault (issue 14): with an owner digest secret, connection keys are an HMAC a LIST cannot check a
 * guessed owner against; a store written with the unkeyed names of earlier versions (the store without a secret
 * writes exactly that layout) is moved on a start that allows it, without losing a connection, and refused on one
 * that does not; a wrong or missing secret is refused rather than making every connection look absent. Against the
 * test kit's Vault, with the store's least-privilege policy.
 */
class VaultOwnerNamesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<ConnectionId> CONNECTIONS = List.of(
            ConnectionId.of("github", "alice@example.com"),
            ConnectionId.of("github", "bob"),
            ConnectionId.of("google", "alice@example.com"),
            ConnectionId.of("github", "bob", "1001"));

    private final VaultTestServer vault = VaultTestServer.start(
            VaultTestServer.options().token(TestVaultClients.STORE_TOKEN, TestVaultClients.STORE_POLICY));
    private final VaultTemplate admin = TestVaultClients.blocking(vault.uri(), vault.token());
    private final byte[] secret = random();

    @AfterEach
    void stop() {
        vault.close();
    }

    @Test
    void connectionsOfEarlierVersionsAreMovedToKeyedNamesWhenAllowedAndNothingIsLost() {
        VaultTokenStore old = store(null);
        for (ConnectionId id : CONNECTIONS) {
            long v = old.write(record(id), 0).block(TIMEOUT);
            old.write(record(id), v).block(TIMEOUT);
        }

        VaultTokenStore keyed = store(secret);
        assertThatThrownBy(() -> keyed.prepareOwnerNames(false).block(TIMEOUT))
                .isInstanceOf(StoreMigrationRequiredException.class)
                .hasMessageContaining("4 connection(s)")
                .hasMessageContaining("saas-connect.store.vault.migrate-owner-digests=true");
        assertThat(keys("github"))
                .containsExactlyInAnyOrder(
                        unkeyed(CONNECTIONS.get(0)), unkeyed(CONNECTIONS.get(1)), unkeyed(CONNECTIONS.get(1)) + "/");

        // the named account in bob's folder is moved as well
        assertThat(keyed.prepareOwnerNames(true).block(TIMEOUT)).isEqualTo(4);

        for (ConnectionId id : CONNECTIONS) {
            ConnectionRecord read = keyed.read(id).block(TIMEOUT).record();
            assertThat(read.refreshToken().reveal()).isEqualTo("refresh-" + id.owner());
        }
        String bob = ConnectionKey.keyed(secret).name(CONNECTIONS.get(1));
        assertThat(keys("github"))
                .hasSize(3)
                .doesNotContain(unkeyed(CONNECTIONS.get(0)), unkeyed(CONNECTIONS.get(1)))
                .contains(bob, bob + "/");
        assertThat(keys("github/" + bob))
                .containsExactly(
                        ConnectionKey.keyed(secret).name(CONNECTIONS.get(3)).substring(bob.length() + 1));
        assertThat(keyed.list("github", null, 10).block(TIMEOUT).records())
                .extracting(v -> v.record().id())
                .containsExactlyInAnyOrder(CONNECTIONS.get(0), CONNECTIONS.get(1), CONNECTIONS.get(3));
        // the next start, or another instance's, finds the store done; one with another secret is refused
        assertThat(store(secret).prepareOwnerNames(false).block(TIMEOUT)).isZero();
        assertThatThrownBy(() -> store(random()).prepareOwnerNames(false).block(TIMEOUT))
                .isInstanceOf(VaultStoreMisconfiguredException.class);
    }

    @Test
    void aWrongOrMissingSecretIsRefusedInsteadOfHidingEveryConnection() {
        VaultTokenStore keyed = store(secret);
        keyed.prepareOwnerNames(false).block(TIMEOUT);
        keyed.write(record(CONNECTIONS.get(1)), 0).block(TIMEOUT);

        assertThatThrownBy(() -> store(random()).prepareOwnerNames(true).block(TIMEOUT))
                .isInstanceOf(VaultStoreMisconfiguredException.class)
                .hasMessageContaining("another owner digest secret")
                .hasMessageContaining("saas-connect.store.vault.owner-digest-secret");
        assertThatThrownBy(() -> store(null).prepareOwnerNames(true).block(TIMEOUT))
                .isInstanceOf(VaultStoreMisconfiguredException.class)
                .hasMessageContaining("is not set");
        assertThat(keyed.read(CONNECTIONS.get(1)).block(TIMEOUT)).isNotNull();
    }

    private VaultTokenStore store(byte[] ownerSecret) {
        VaultTokenStore.Builder b =
                VaultTokenStore.builder(TestVaultClients.reactive(vault.uri(), TestVaultClients.STORE_TOKEN));
        return ownerSecret == null
                ? b.build()
                : b.ownerDigestSecret(ownerSecret).build();
    }

    private List<String> keys(String registration) {
        return admin.list("secret/metadata/saas-connect/connections/" + registration);
    }

    private static String unkeyed(ConnectionId id) {
        return ConnectionKey.of(id);
    }

    private static ConnectionRecord record(ConnectionId id) {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        return new ConnectionRecord(
                ConnectionRecord.CURRENT_SCHEMA,
                id,
                ConnectionStatus.ACTIVE,
                Secret.of("refresh-" + id.owner()),
                null,
                Secret.of("access-" + id.owner()),
                t.plusSeconds(3600),
                "Bearer",
                Set.of(),
                Map.of(),
                t,
                t,
                null,
                null,
                "g-" + id.owner());
    }

    private static byte[] random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
