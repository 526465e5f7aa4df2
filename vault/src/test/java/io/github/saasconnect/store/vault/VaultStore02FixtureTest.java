package io.github.saasconnect.store.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionError;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.store.ClaimOutcome;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.JobClaim;
import io.github.saasconnect.store.StaleVersionException;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.store.crypto.EnvelopeCipher;
import io.github.saasconnect.store.crypto.Keyring;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.vault.core.VaultTemplate;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * Named accounts need no migration of a Vault store: the raw KV entries a 0.2 store wrote (fixture
 * {@code fixtures/vault-store-0.2/kv.json}, dumped by the 0.2 code itself, see the README beside it) are loaded into a
 * fresh test kit Vault, and this version reads every connection intact, updates one by check-and-set, adds a named
 * account beside an owner's default connection, and lists everything, with the store's least-privilege policy.
 */
class VaultStore02FixtureTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String FIXTURE = "/fixtures/vault-store-0.2/kv.json";
    // the fixture's test-only secrets (README.md beside it); never use them anywhere else
    private static final byte[] OWNER_SECRET =
            "fixture-0.2-owner-digest-secret-TEST-ONLY".getBytes(StandardCharsets.US_ASCII);
    private static final String KEY_ID = "fixture-k1";
    private static final String KEY = "Zml4dHVyZS0wLjIta2V5cmluZy1rZXktVEVTVC1PTkw=";
    private static final Instant AT = Instant.parse("2026-11-20T09:00:00Z");

    private static final ConnectionId ALICE = ConnectionId.of("github", "alice@example.com");
    private static final ConnectionId BOB = ConnectionId.of("github", "bob");
    private static final ConnectionId GOOGLE_ALICE = ConnectionId.of("google", "alice@example.com");

    private final VaultTestServer vault = VaultTestServer.start(
            VaultTestServer.options().token(TestVaultClients.STORE_TOKEN, TestVaultClients.STORE_POLICY));
    private final VaultTemplate admin = TestVaultClients.blocking(vault.uri(), vault.token());
    private final VaultTokenStore store = VaultTokenStore.builder(
                    TestVaultClients.reactive(vault.uri(), TestVaultClients.STORE_TOKEN))
            .ownerDigestSecret(OWNER_SECRET)
            .recordCipher(new EnvelopeCipher(Keyring.fromBase64(KEY_ID, Map.of(KEY_ID, KEY))))
            .build();

    @AfterEach
    void stop() {
        vault.close();
    }

    @Test
    void aStoreWrittenBy02IsReadUpdatedExtendedByANamedAccountAndListedWithoutAnyMigration() throws IOException {
        List<String> loaded = load();
        assertThat(loaded).hasSize(5);

        assertThat(store.prepareOwnerNames(false).block(TIMEOUT)).isZero();
        VersionedRecord alice = store.read(ALICE).block(TIMEOUT);
        VersionedRecord bob = store.read(BOB).block(TIMEOUT);
        VersionedRecord googleAlice = store.read(GOOGLE_ALICE).block(TIMEOUT);

        // every connection intact: plain and sealed tokens, tags, status, last error, versions
        assertThat(alice.version()).isEqualTo(2);
        assertThat(alice.record().accessToken().reveal()).isEqualTo("gho_alice_2");
        assertThat(alice.record().refreshToken().reveal()).isEqualTo("ghr_alice_2");
        assertThat(alice.record().tags()).isEqualTo(Map.of("team", "platform", "cost-center", "42"));
        assertThat(alice.record().providerAttributes()).isEqualTo(Map.of("login", "alice@example.com"));
        assertThat(alice.record().scopes()).isEqualTo(Set.of("repo", "read:user"));
        assertThat(alice.record().refreshTokenExpiresAt()).isEqualTo(AT.plus(Duration.ofDays(180)));
        assertThat(alice.record().generation()).isEqualTo("gen-alice");
        assertThat(bob.version()).isEqualTo(3);
        assertThat(bob.record().accessToken().reveal()).isEqualTo("gho_bob_2");
        assertThat(bob.record().refreshToken().reveal()).isEqualTo("ghr_bob_2");
        assertThat(bob.record().lease()).isNull();
        assertThat(bob.record().status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(googleAlice.version()).isEqualTo(2);
        assertThat(googleAlice.record().status()).isEqualTo(ConnectionStatus.REAUTHORIZATION_REQUIRED);
        assertThat(googleAlice.record().lastError())
                .isEqualTo(new ConnectionError(
                        FailureKind.REAUTHORIZATION_REQUIRED, "invalid_grant", AT.plusSeconds(7200)));
        assertThat(googleAlice.record().refreshToken().reveal()).isEqualTo("1//alice");
        assertThat(googleAlice.record().tags()).isEqualTo(Map.of("plan", "pro"));
        assertThat(List.of(alice, bob, googleAlice))
                .allSatisfy(v -> assertThat(v.record().id().account()).isNull());

        // check-and-set as before: the version read wins once, an older one is stale
        ConnectionRecord refreshed = bob.record()
                .withRefreshToken(Secret.of("ghr_bob_3"), AT.plus(Duration.ofDays(181)))
                .withLease(null);
        StepVerifier.create(store.write(refreshed, 2))
                .expectError(StaleVersionException.class)
                .verify(TIMEOUT);
        assertThat(store.write(refreshed, 3).block(TIMEOUT)).isEqualTo(4);
        Map<String, Object> raw = vault.readCurrent(store.layout().keyPath(BOB)).orElseThrow();
        // still a record a 0.2 instance reads during a rolling upgrade: schema 1, tokens sealed
        assertThat(raw).containsEntry("schema", 1).containsKey(ConnectionSecrets.SEALED);
        assertThat(raw).doesNotContainKeys("access_token", "refresh_token");

        // a named account beside alice's default connection, in her owner folder
        ConnectionId aliceWork = ConnectionId.of("github", "alice@example.com", "1001");
        ConnectionRecord from = alice.record();
        ConnectionRecord work = new ConnectionRecord(
                ConnectionRecord.NAMED_ACCOUNT_SCHEMA,
                aliceWork,
                ConnectionStatus.ACTIVE,
                Secret.of("ghr_work"),
                null,
                Secret.of("gho_work"),
                from.accessTokenExpiresAt(),
                from.tokenType(),
                from.scopes(),
                Map.of("login", "alice-work"),
                AT.plusSeconds(3600),
                AT.plusSeconds(3600),
                null,
                null,
                "gen-alice-work");
        assertThat(store.write(work, 0).block(TIMEOUT)).isEqualTo(1);
        assertThat(loaded).contains(store.layout().keyPath(ALICE));
        assertThat(store.layout().keyPath(aliceWork)).startsWith(store.layout().keyPath(ALICE) + "/");
        assertThat(store.accounts("github", "alice@example.com")
                        .map(v -> v.record().id())
                        .collectList()
                        .block(TIMEOUT))
                .containsExactly(ALICE, aliceWork);
        assertThat(store.read(ALICE).block(TIMEOUT).version()).isEqualTo(2);

        // everything listed, at any page size
        for (int pageSize : new int[] {1, 2, 10}) {
            assertThat(listAll("github", pageSize)).containsExactlyInAnyOrder(ALICE, aliceWork, BOB);
            assertThat(listAll("google", pageSize)).containsExactly(GOOGLE_ALICE);
        }

        // the keep-alive claim the 0.2 instance took is still honoured
        JobClaim other =
                new JobClaim("saas-connect-keep-alive", BOB, AT, "host-b:2", AT.plusSeconds(60), AT.plusSeconds(660));
        assertThat(store.jobClaims().claim(other).block(TIMEOUT)).isEqualTo(ClaimOutcome.HELD_BY_OTHER);
    }

    private List<ConnectionId> listAll(String registration, int pageSize) {
        List<ConnectionId> ids = new ArrayList<>();
        String cursor = null;
        do {
            ConnectionPage page = store.list(registration, cursor, pageSize).block(TIMEOUT);
            assertThat(page.unreadable()).isEmpty();
            page.records().forEach(v -> ids.add(v.record().id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return ids;
    }

    /**
     * Writes the fixture's raw KV entries into the test Vault through its API, as root: each key's metadata first,
     * then versions 1 to its {@code current_version} with check-and-set, so that versions and pruning come out as
     * they were. Versions the fixture no longer holds (pruned by {@code max_versions}) are filled with the oldest
     * one it holds and pruned again.
     *
     * @return the paths loaded
     */
    @SuppressWarnings("unchecked")
    private List<String> load() throws IOException {
        Map<String, Object> fixture;
        try (InputStream in = getClass().getResourceAsStream(FIXTURE)) {
            fixture = JsonMapper.builder().build().readValue(in, Map.class);
        }
        String mount = (String) fixture.get("mount");
        List<String> paths = new ArrayList<>();
        for (Map<String, Object> key : (List<Map<String, Object>>) fixture.get("keys")) {
            String path = (String) key.get("path");
            Map<String, Object> metadata = (Map<String, Object>) key.get("metadata");
            Map<String, Map<String, Object>> versions = (Map<String, Map<String, Object>>) key.get("versions");
            Map<String, Object> settings = new LinkedHashMap<>();
            for (String field : List.of("max_versions", "cas_required", "delete_version_after", "custom_metadata")) {
                if (metadata.get(field) != null) {
                    settings.put(field, metadata.get(field));
                }
            }
            admin.write(mount + "/metadata/" + path, settings);
            int current = ((Number) metadata.get("current_version")).intValue();
            int oldest =
                    versions.keySet().stream().mapToInt(Integer::parseInt).min().orElseThrow();
            for (int version = 1; version <= current; version++) {
                Map<String, Object> data = versions.get(String.valueOf(Math.max(version, oldest)));
                admin.write(mount + "/data/" + path, Map.of("data", data, "options", Map.of("cas", version - 1)));
            }
            assertThat(vault.currentVersion(path)).as(path).isEqualTo(current);
            assertThat(vault.readCurrent(path)).as(path).contains(versions.get(String.valueOf(current)));
            paths.add(path);
        }
        return paths;
    }
}
