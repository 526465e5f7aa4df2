package io.github.saasconnect.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.store.crypto.Keyring;
import io.github.saasconnect.store.crypto.ReEncryptionBatch;
import io.github.saasconnect.store.crypto.RecordCipherException;
import io.github.saasconnect.testsupport.RotationRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import reactor.core.publisher.Flux;

/** Key rotation and re-encryption of the JDBC store on PostgreSQL. */
class KeyRotationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final int RECORDS = 1000;

    private static final Keyring ONLY_K1 =
            Keyring.builder().active("k1", TestStores.K1).build();
    private static final Keyring K2_THEN_K1 = Keyring.builder()
            .active("k2", TestStores.K2)
            .previous("k1", TestStores.K1)
            .build();
    private static final Keyring K3_THEN_K2_K1 = Keyring.builder()
            .active("k3", TestStores.K3)
            .previous("k2", TestStores.K2)
            .previous("k1", TestStores.K1)
            .build();

    private TestDatabase db;
    private final List<JdbcTokenStore> opened = new ArrayList<>();

    @BeforeEach
    void openDatabase() {
        db = TestDatabase.postgres();
    }

    @AfterEach
    void close() {
        opened.forEach(JdbcTokenStore::close);
        if (db != null) {
            db.close();
        }
    }

    /** A store as a freshly started application opens it: a new pool and the given keyring. */
    private JdbcTokenStore start(Keyring keyring) {
        JdbcTokenStore store = TestStores.store(db.newDataSource(), keyring);
        opened.add(store);
        return store;
    }

    @Test
    void aThousandRecordsStayReadableAcrossTwoRotationsAndARestartAndReEncryptionMovesAllToTheNewestKey() {
        TestStores.writeAll(start(ONLY_K1), 0, RECORDS);
        JdbcTokenStore afterFirstRotation = start(K2_THEN_K1);
        RotationRecords.rewriteEveryThird(afterFirstRotation, RECORDS);
        JdbcTokenStore afterSecondRotation = start(K3_THEN_K2_K1);
        TestStores.writeAll(afterSecondRotation, RECORDS, 10);
        assertThat(afterSecondRotation.recordsPerKeyId().block(TIMEOUT))
                .containsOnlyKeys("k1", "k2", "k3")
                .containsEntry("k3", 10L);

        JdbcTokenStore restarted = start(K3_THEN_K2_K1);
        Map<ConnectionId, VersionedRecord> before = TestStores.readAll(restarted, RECORDS + 10);
        assertThat(before).hasSize(RECORDS + 10);
        before.forEach((id, stored) -> assertThat(stored.record().accessToken().reveal())
                .isEqualTo("access-" + id.owner() + "-v" + stored.version()));

        ReEncryption reEncryption = new ReEncryption(restarted, 100);
        List<ReEncryptionBatch> batches = Flux.range(0, 20)
                .concatMap(i -> reEncryption.runBatch())
                .takeUntil(ReEncryptionBatch::passComplete)
                .collectList()
                .block(TIMEOUT);

        assertThat(batches).allSatisfy(b -> assertThat(b.moved()).isLessThanOrEqualTo(100));
        assertThat(batches.stream().mapToInt(ReEncryptionBatch::moved).sum()).isEqualTo(RECORDS);
        assertThat(restarted.recordsPerKeyId().block(TIMEOUT)).containsExactly(Map.entry("k3", (long) RECORDS + 10));
        Map<ConnectionId, VersionedRecord> withNewestKeyOnly = TestStores.readAll(
                start(Keyring.builder().active("k3", TestStores.K3).build()), RECORDS + 10);
        assertThat(withNewestKeyOnly)
                .as("same records, same versions: re-encryption changes only how the data key is wrapped")
                .isEqualTo(before);
    }

    @Test
    void aRecordUnderAKeyTheKeyringLacksIsReportedAndNeverOverwritten() {
        JdbcTokenStore old = start(ONLY_K1);
        ConnectionId alice = ConnectionId.of("github", "alice");
        old.write(TestStores.record(alice, 1), 0).block(TIMEOUT);
        byte[] rowBefore = sealedBytes();

        JdbcTokenStore withoutK1 =
                start(Keyring.builder().active("k2", TestStores.K2).build());

        assertThat(catchRead(withoutK1, alice)).satisfies(e -> {
            assertThat(e.reason()).isEqualTo(RecordCipherException.Reason.UNKNOWN_KEY);
            assertThat(e.getMessage()).contains("k1");
            assertThat(e.connection()).isEqualTo(alice);
        });
        ConnectionPage page = withoutK1.list("github", null, 10).block(TIMEOUT);
        assertThat(page.records()).isEmpty();
        assertThat(page.unreadable())
                .singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("k1"));
        ReEncryptionBatch batch = new ReEncryption(withoutK1, 10).runBatch().block(TIMEOUT);
        assertThat(batch.unreadable()).isEqualTo(1);
        assertThat(batch.moved()).isZero();
        assertThat(sealedBytes()).isEqualTo(rowBefore);
        assertThat(old.read(alice).block(TIMEOUT).record().accessToken().reveal())
                .isEqualTo("access-alice-v1");
    }

    @Test
    void aRefreshThatWritesBetweenReadAndMoveWinsAndReEncryptionSkipsTheRow() {
        JdbcTokenStore store = start(K2_THEN_K1);
        ConnectionId alice = ConnectionId.of("github", "alice");
        start(ONLY_K1).write(TestStores.record(alice, 1), 0).block(TIMEOUT);
        StoredRow readByReEncryption = store.table().notUnder("k2", "", "", 10).get(0);

        store.write(TestStores.record(alice, 2), 1).block(TIMEOUT);
        boolean moved = store.table().rewrap(readByReEncryption, "k2", readByReEncryption.sealed());

        assertThat(moved).isFalse();
        VersionedRecord stored = store.read(alice).block(TIMEOUT);
        assertThat(stored.version()).isEqualTo(2);
        assertThat(stored.record().accessToken().reveal()).isEqualTo("access-alice-v2");
    }

    @Test
    void theTableHoldsNoOwnerIdAndNoTokenInClear() {
        JdbcTokenStore store = start(ONLY_K1);
        ConnectionId id = ConnectionId.of("github", "alice@example.com");
        store.write(TestStores.record(id, 1), 0).block(TIMEOUT);

        List<Map<String, Object>> rows = JdbcClient.create(dataSource())
                .sql("SELECT * FROM saas_connect_connection")
                .query()
                .listOfRows();

        assertThat(rows).hasSize(1);
        String everything = rows.get(0).values().stream()
                .map(v -> v instanceof byte[] b
                        ? new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)
                        : String.valueOf(v))
                .reduce("", String::concat);
        assertThat(everything)
                .contains("github")
                .doesNotContain("alice")
                .doesNotContain("access-")
                .doesNotContain("refresh-");
        assertThat(rows.get(0).get("owner_digest"))
                .isEqualTo(OwnerDigest.of(TestStores.OWNER_KEY).of(id))
                .isNotEqualTo(OwnerDigest.of(Keyring.newKey()).of(id));
    }

    private DataSource dataSource() {
        return db.newDataSource();
    }

    private byte[] sealedBytes() {
        return JdbcClient.create(dataSource())
                .sql("SELECT sealed FROM saas_connect_connection")
                .query(byte[].class)
                .single();
    }

    private static UnreadableJdbcRecordException catchRead(JdbcTokenStore store, ConnectionId id) {
        try {
            store.read(id).block(TIMEOUT);
        } catch (UnreadableJdbcRecordException e) {
            return e;
        }
        throw new AssertionError("the read of " + id + " did not fail");
    }
}
