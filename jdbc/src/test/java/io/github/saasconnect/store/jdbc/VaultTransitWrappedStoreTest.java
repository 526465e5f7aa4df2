package io.github.saasconnect.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.crypto.EnvelopeCipher;
import io.github.saasconnect.store.crypto.ReEncryptionBatch;
import io.github.saasconnect.store.crypto.RecordCipherException;
import io.github.saasconnect.store.crypto.SealedRecord;
import io.github.saasconnect.store.vault.VaultTransitKeyWrapper;
import io.github.saasconnect.testkit.vault.Capability;
import io.github.saasconnect.testkit.vault.RecordedRequest;
import io.github.saasconnect.testkit.vault.VaultPolicy;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.client.WebClientBuilder;
import org.springframework.vault.core.ReactiveVaultTemplate;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultToken;
import reactor.core.publisher.Mono;

/**
 * The JDBC store with Vault Transit as its key wrapper, against the test kit's Vault: rows hold only Transit
 * ciphertext of their data keys, rotation plus re-encryption rewraps every row inside Vault, and a row whose key
 * version Vault no longer decrypts is reported unreadable and left as it is.
 */
class VaultTransitWrappedStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String KEY = "records";
    private static final VaultPolicy WRAPPER = VaultPolicy.named("store-wrapper")
            .allow("transit/encrypt/" + KEY, Capability.UPDATE)
            .allow("transit/decrypt/" + KEY, Capability.UPDATE)
            .allow("transit/rewrap/" + KEY, Capability.UPDATE)
            .allow("transit/keys/" + KEY, Capability.READ);

    private final VaultTestServer vault = VaultTestServer.start(VaultTestServer.options()
            .transitMount("transit")
            .token("wrapper", WRAPPER)
            .token(
                    "encrypt-only",
                    VaultPolicy.named("encrypt-only")
                            .allow("transit/encrypt/" + KEY, Capability.UPDATE)
                            .allow("transit/keys/" + KEY, Capability.READ)));
    private final VaultTemplate root =
            new VaultTemplate(VaultEndpoint.from(vault.uri()), new TokenAuthentication("root"));
    private final TestDatabase db = TestDatabase.h2();
    private final List<JdbcTokenStore> opened = new ArrayList<>();

    VaultTransitWrappedStoreTest() {
        root.write("transit/keys/" + KEY, Map.of("derived", true));
    }

    @AfterEach
    void close() {
        opened.forEach(JdbcTokenStore::close);
        db.close();
        vault.close();
    }

    private JdbcTokenStore store(String token) {
        ReactiveVaultTemplate client = new ReactiveVaultTemplate(
                WebClientBuilder.builder().endpoint(VaultEndpoint.from(vault.uri())),
                () -> Mono.just(VaultToken.of(token)));
        // a version check on every activeKeyId(), so a rotation is seen at once
        VaultTransitKeyWrapper wrapper =
                new VaultTransitKeyWrapper(client, "transit", KEY, TIMEOUT, Duration.ZERO, Clock.systemUTC());
        JdbcTokenStore store = JdbcTokenStore.builder(
                        db.newDataSource(), new EnvelopeCipher(wrapper), OwnerDigest.of(TestStores.OWNER_KEY))
                .build();
        opened.add(store);
        return store;
    }

    @Test
    void rowsHoldOnlyTransitCiphertextAndNeedVaultToBeOpened() {
        JdbcTokenStore store = store("wrapper");
        TestStores.writeAll(store, 0, 10);

        List<Map<String, Object>> rows = rows();
        assertThat(rows).hasSize(10).allSatisfy(row -> {
            assertThat(row.get("key_id")).isEqualTo("transit:records:v1");
            SealedRecord sealed = SealedRecord.parse((byte[]) row.get("sealed"));
            String wrapped = new String(sealed.wrappedKey().bytes(), StandardCharsets.US_ASCII);
            assertThat(wrapped).matches("vault:v1:[A-Za-z0-9+/]+=*");
            // the stored form is exactly: format, key id, the Transit ciphertext, nonce, ciphertext: no other key
            assertThat(((byte[]) row.get("sealed")).length)
                    .isEqualTo(
                            1 + 1 + sealed.keyId().length() + 2 + wrapped.length() + 12 + sealed.ciphertext().length);
            assertThat(new String((byte[]) row.get("sealed"), StandardCharsets.ISO_8859_1))
                    .doesNotContain("access-")
                    .doesNotContain("refresh-");
        });
        assertThat(TestStores.readAll(store, 10)).hasSize(10);
        // a store whose token may encrypt but not decrypt has everything the row holds, and cannot open it
        JdbcTokenStore cannotDecrypt = store("encrypt-only");
        assertThat(catchFailure(cannotDecrypt, TestStores.user(0))).hasMessageContaining("permission denied");
    }

    @Test
    void aRotationThenReEncryptionRewrapsEveryRowInsideVault() {
        JdbcTokenStore store = store("wrapper");
        TestStores.writeAll(store, 0, 25);
        Map<ConnectionId, ?> before = TestStores.readAll(store, 25);
        root.write("transit/keys/" + KEY + "/rotate", Map.of());
        vault.clearRequests();

        Map<String, Long> perKey = new ReEncryption(store, 10).runPassAndCount().block(TIMEOUT);

        assertThat(perKey).containsExactly(Map.entry("transit:records:v2", 25L));
        assertThat(rows())
                .allSatisfy(row -> assertThat(new String(
                                SealedRecord.parse((byte[]) row.get("sealed"))
                                        .wrappedKey()
                                        .bytes(),
                                StandardCharsets.US_ASCII))
                        .startsWith("vault:v2:"));
        // the data keys never left Vault during the move: rewrap only, no decrypt
        assertThat(vault.requests())
                .extracting(RecordedRequest::vaultPath)
                .contains("transit/rewrap/" + KEY)
                .doesNotContain("transit/decrypt/" + KEY);
        assertThat(TestStores.readAll(store, 25)).isEqualTo(before);
    }

    @Test
    void aRecordUnderATrimmedKeyVersionIsReportedUnreadableAndNeverOverwritten() {
        JdbcTokenStore store = store("wrapper");
        ConnectionId alice = ConnectionId.of("acme", "alice");
        store.write(TestStores.record(alice, 1), 0).block(TIMEOUT);
        byte[] before = sealedBytes();
        root.write("transit/keys/" + KEY + "/rotate", Map.of());
        root.write("transit/keys/" + KEY + "/config", Map.of("min_decryption_version", 2));

        RuntimeException failure = catchFailure(store, alice);
        ReEncryptionBatch batch = new ReEncryption(store, 10).runBatch().block(TIMEOUT);

        assertThat(failure).isInstanceOfSatisfying(UnreadableJdbcRecordException.class, e -> {
            assertThat(e.reason()).isEqualTo(RecordCipherException.Reason.UNKNOWN_KEY);
            assertThat(e.getMessage())
                    .contains("min_decryption_version")
                    .contains("version 1 of the Transit key transit/keys/records");
        });
        assertThat(batch.unreadable()).isEqualTo(1);
        assertThat(batch.moved()).isZero();
        assertThat(sealedBytes()).isEqualTo(before);

        root.write("transit/keys/" + KEY + "/config", Map.of("min_decryption_version", 1));
        assertThat(store.read(alice).block(TIMEOUT).record().accessToken().reveal())
                .isEqualTo("access-alice-v1");
    }

    private List<Map<String, Object>> rows() {
        return JdbcClient.create(db.newDataSource())
                .sql("SELECT key_id, sealed FROM saas_connect_connection")
                .query()
                .listOfRows();
    }

    private byte[] sealedBytes() {
        return JdbcClient.create(db.newDataSource())
                .sql("SELECT sealed FROM saas_connect_connection")
                .query(byte[].class)
                .single();
    }

    private static RuntimeException catchFailure(JdbcTokenStore store, ConnectionId id) {
        try {
            store.read(id).block(TIMEOUT);
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("the read of " + id + " did not fail");
    }
}
