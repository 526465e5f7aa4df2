package io.github.saasconnect.store.file;

import static io.github.saasconnect.testsupport.RotationRecords.readAll;
import static io.github.saasconnect.testsupport.RotationRecords.writeAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.store.crypto.Keyring;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a process in the middle of re-encrypting a file store loses nothing: every file is as it was or moved. */
class FileReEncryptionKillTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int RECORDS = 400;

    @TempDir
    Path tmp;

    private Process child;

    @AfterEach
    void close() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    void aProcessKilledWithSigkillMidReEncryptionLosesNoRecordAndTheNextRunFinishesTheJob() throws Exception {
        Path directory = tmp.resolve("tokens");
        byte[] storeKeyBytes = Keyring.newKey();
        FileStoreKey storeKey = FileStoreKey.fromBase64(base64(storeKeyBytes));
        byte[] k1 = Keyring.newKey();
        byte[] k2 = Keyring.newKey();
        Map<ConnectionId, VersionedRecord> written;
        try (FileTokenStore before = FileTokenStore.builder(directory, storeKey)
                .keys(Keyring.builder().active("k1", k1).build())
                .open()) {
            writeAll(before, 0, RECORDS);
            written = readAll(before, RECORDS);
        }

        child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        FileReEncryptionChild.class.getName(),
                        directory.toString(),
                        base64(storeKeyBytes),
                        base64(k1),
                        base64(k2))
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        long moved = 0;
        for (String line; moved < RECORDS / 4 && (line = out.readLine()) != null; ) {
            if (line.startsWith("moved ")) {
                moved = Long.parseLong(line.substring("moved ".length()));
            }
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs, the directory lock dies with it
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(moved).as("records the killed process had moved").isGreaterThanOrEqualTo(RECORDS / 4);

        Map<String, Long> perKey = FileKeyRotationTest.recordsPerKeyId(directory);
        assertThat(perKey.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(RECORDS);
        assertThat(perKey.get("k2")).isBetween(moved, (long) RECORDS - 1);
        try (FileTokenStore restarted = FileTokenStore.builder(directory, storeKey)
                .keys(Keyring.builder().active("k2", k2).previous("k1", k1).build())
                .open()) {
            assertThat(restarted.recordsUnderAnotherKey()).isZero();
            try (Stream<Path> leftovers = Files.walk(directory)) {
                assertThat(leftovers.filter(p -> p.toString().endsWith(AtomicFile.TEMP_SUFFIX)))
                        .as("an unfinished write of the killed process is removed on open")
                        .isEmpty();
            }
            assertThat(readAll(restarted, RECORDS))
                    .as("every record, as written")
                    .isEqualTo(written);
            assertThat(new FileReEncryption(restarted, 100)
                            .runPass()
                            .block(TIMEOUT)
                            .remaining())
                    .isZero();
        }
        assertThat(FileKeyRotationTest.recordsPerKeyId(directory)).containsExactly(Map.entry("k2", (long) RECORDS));
        try (FileTokenStore newestKeyOnly = FileTokenStore.builder(directory, storeKey)
                .keys(Keyring.builder().active("k2", k2).build())
                .open()) {
            assertThat(readAll(newestKeyOnly, RECORDS)).isEqualTo(written);
        }
    }

    private static String base64(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }
}
