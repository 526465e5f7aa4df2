package io.github.saasconnect.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.store.crypto.Keyring;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** kill -9 of a process in the middle of re-encryption loses nothing: every row is either as it was or moved. */
class ReEncryptionKillTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int RECORDS = 500;
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    private TestDatabase db;
    private Process child;

    @AfterEach
    void close() {
        if (child != null) {
            child.destroyForcibly();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aProcessKilledWithSigkillMidReEncryptionLosesNoRecordAndTheNextRunFinishesTheJob() throws Exception {
        db = TestDatabase.postgres();
        JdbcTokenStore before = TestStores.store(
                db.newDataSource(),
                Keyring.builder().active("k1", TestStores.K1).build());
        TestStores.writeAll(before, 0, RECORDS);
        Map<ConnectionId, VersionedRecord> written = TestStores.readAll(before, RECORDS);

        child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ReEncryptionChild.class.getName(),
                        db.url(),
                        base64(TestStores.OWNER_KEY),
                        base64(TestStores.K1),
                        base64(TestStores.K2))
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        long moved = 0;
        for (String line; moved < RECORDS / 4 && (line = out.readLine()) != null; ) {
            if (line.startsWith("moved ")) {
                moved = Long.parseLong(line.substring("moved ".length()));
            }
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(moved).as("records the killed process had moved").isGreaterThanOrEqualTo(RECORDS / 4);

        JdbcTokenStore restarted = TestStores.store(
                db.newDataSource(),
                Keyring.builder()
                        .active("k2", TestStores.K2)
                        .previous("k1", TestStores.K1)
                        .build());
        Map<String, Long> perKey = restarted.recordsPerKeyId().block(TIMEOUT);
        assertThat(perKey.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(RECORDS);
        assertThat(perKey.get("k2")).isBetween(moved, (long) RECORDS - 1);
        assertThat(TestStores.readAll(restarted, RECORDS))
                .as("every record, as written")
                .isEqualTo(written);

        assertThat(new ReEncryption(restarted, 100).runPassAndCount().block(TIMEOUT))
                .containsExactly(Map.entry("k2", (long) RECORDS));
        assertThat(TestStores.readAll(
                        TestStores.store(
                                db.newDataSource(),
                                Keyring.builder().active("k2", TestStores.K2).build()),
                        RECORDS))
                .isEqualTo(written);
    }

    private static String base64(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }
}
