package io.github.saasconnect.store.file;

import static io.github.saasconnect.testsupport.RotationRecords.readAll;
import static io.github.saasconnect.testsupport.RotationRecords.record;
import static io.github.saasconnect.testsupport.RotationRecords.writeAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.ConnectionRecordCodec;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.store.crypto.Keyring;
import io.github.saasconnect.store.crypto.ReEncryptionBatch;
import io.github.saasconnect.testsupport.RotationRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/** Key rotation and re-encryption of the file store: envelope encryption under a keyring, format 1 still read. */
class FileKeyRotationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int RECORDS = 1000;
    static final byte[] K1 = Keyring.newKey();
    static final byte[] K2 = Keyring.newKey();
    static final byte[] K3 = Keyring.newKey();

    private static final Keyring ONLY_K1 = Keyring.builder().active("k1", K1).build();
    private static final Keyring K2_THEN_K1 =
            Keyring.builder().active("k2", K2).previous("k1", K1).build();
    private static final Keyring K3_THEN_K2_K1 = Keyring.builder()
            .active("k3", K3)
            .previous("k2", K2)
            .previous("k1", K1)
            .build();

    @TempDir
    Path tmp;

    private final FileStoreKey storeKey =
            FileStoreKey.fromBase64(Base64.getEncoder().encodeToString(Keyring.newKey()));
    private FileTokenStore open;

    @AfterEach
    void close() {
        if (open != null) {
            open.close();
        }
    }

    /** The store as a freshly started application opens it: the directory, the store key and the given keyring. */
    private FileTokenStore start(Keyring keyring) {
        if (open != null) {
            open.close();
        }
        FileTokenStore.Builder builder = FileTokenStore.builder(tmp.resolve("tokens"), storeKey);
        if (keyring != null) {
            builder.keys(keyring);
        }
        open = builder.open();
        return open;
    }

    @Test
    void aThousandRecordsStayReadableAcrossTwoRotationsAndARestartAndReEncryptionMovesAllToTheNewestKey()
            throws Exception {
        writeAll(start(ONLY_K1), 0, RECORDS);
        RotationRecords.rewriteEveryThird(start(K2_THEN_K1), RECORDS);
        writeAll(start(K3_THEN_K2_K1), RECORDS, 10);
        assertThat(recordsPerKeyId()).containsOnlyKeys("k1", "k2", "k3").containsEntry("k3", 10L);

        FileTokenStore restarted = start(K3_THEN_K2_K1);
        assertThat(restarted.recordsUnderAnotherKey()).isZero();
        Map<ConnectionId, VersionedRecord> before = readAll(restarted, RECORDS + 10);
        assertThat(before).hasSize(RECORDS + 10);
        before.forEach((id, stored) -> assertThat(stored.record().accessToken().reveal())
                .isEqualTo("access-" + id.owner() + "-v" + stored.version()));

        FileReEncryption reEncryption = new FileReEncryption(restarted, 100);
        List<ReEncryptionBatch> batches = Flux.range(0, 20)
                .concatMap(i -> reEncryption.runBatch())
                .takeUntil(ReEncryptionBatch::passComplete)
                .collectList()
                .block(TIMEOUT);

        assertThat(batches).hasSize(10).allSatisfy(b -> assertThat(b.moved()).isEqualTo(100));
        assertThat(batches.get(0).remaining()).isEqualTo(RECORDS - 100);
        assertThat(batches.get(batches.size() - 1).remaining()).isZero();
        assertThat(recordsPerKeyId()).containsExactly(Map.entry("k3", (long) RECORDS + 10));
        assertThat(readAll(start(Keyring.builder().active("k3", K3).build()), RECORDS + 10))
                .as("same records, same versions: re-encryption changes only how the data key is wrapped")
                .isEqualTo(before);
    }

    @Test
    void recordsOfThePreviousFormatAreReadAndReEncryptionSealsThemUnderTheActiveKey() throws Exception {
        FileTokenStore store = start(null);
        ConnectionId alice = ConnectionId.of("github", "alice");
        Path file = store.file(alice);
        Files.createDirectories(file.getParent());
        byte[] json = new ConnectionRecordCodec().toJson(record(alice, 3));
        Files.write(file, new RecordEnvelope(storeKey).seal("github/" + store.digest(alice), 3, json));

        FileTokenStore withKeyring = start(ONLY_K1);
        assertThat(withKeyring.recordsUnderAnotherKey()).isZero();
        VersionedRecord read = withKeyring.read(alice).block(TIMEOUT);
        assertThat(read.version()).isEqualTo(3);
        assertThat(read.record().accessToken().reveal()).isEqualTo("access-alice-v3");

        ReEncryptionBatch batch =
                new FileReEncryption(withKeyring, 10).runBatch().block(TIMEOUT);

        assertThat(batch.moved()).isOne();
        assertThat(batch.remaining()).isZero();
        assertThat(Files.readAllBytes(file)).startsWith('S', 'C', 'F', 'S', 2);
        assertThat(recordsPerKeyId()).containsExactly(Map.entry("k1", 1L));
        assertThat(withKeyring.read(alice).block(TIMEOUT)).isEqualTo(read);
    }

    @Test
    void recordsSealedUnderTheStoreKeyStayReadableWhenAKeyringIsConfiguredLater() {
        writeAll(start(null), 0, 5);
        assertThat(recordsPerKeyId()).containsExactly(Map.entry(storeKey.id(), 5L));

        FileTokenStore withKeyring = start(ONLY_K1);
        assertThat(readAll(withKeyring, 5)).hasSize(5);
        assertThat(new FileReEncryption(withKeyring, 10)
                        .runPass()
                        .block(TIMEOUT)
                        .remaining())
                .isZero();
        assertThat(recordsPerKeyId()).containsExactly(Map.entry("k1", 5L));
    }

    @Test
    void aRecordUnderAKeyTheKeyringLacksIsReportedAndNeverOverwritten() throws Exception {
        ConnectionId alice = ConnectionId.of("github", "alice");
        start(ONLY_K1).write(record(alice, 1), 0).block(TIMEOUT);
        Path file = open.file(alice);
        byte[] before = Files.readAllBytes(file);

        FileTokenStore withoutK1 = start(Keyring.builder().active("k2", K2).build());

        assertThat(withoutK1.recordsUnderAnotherKey()).isOne();
        assertThatThrownBy(() -> withoutK1.read(alice).block(TIMEOUT))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("different key (key id k1");
        ConnectionPage page = withoutK1.list("github", null, 10).block(TIMEOUT);
        assertThat(page.unreadable())
                .singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("k1"));
        ReEncryptionBatch batch = new FileReEncryption(withoutK1, 10).runBatch().block(TIMEOUT);
        assertThat(batch.unreadable()).isOne();
        assertThat(batch.moved()).isZero();
        assertThat(batch.remaining()).isOne();
        assertThatThrownBy(() -> withoutK1.write(record(alice, 2), 1).block(TIMEOUT))
                .isInstanceOf(CorruptRecordException.class);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);

        assertThat(start(K2_THEN_K1)
                        .read(alice)
                        .block(TIMEOUT)
                        .record()
                        .accessToken()
                        .reveal())
                .isEqualTo("access-alice-v1");
    }

    @Test
    void aWriteBetweenTwoBatchesIsNotMovedAgainAndTheNextPassStartsFromTheBeginning() {
        writeAll(start(ONLY_K1), 0, 30);
        FileTokenStore store = start(K2_THEN_K1);
        FileReEncryption reEncryption = new FileReEncryption(store, 10);

        ReEncryptionBatch first = reEncryption.runBatch().block(TIMEOUT);
        RotationRecords.rewriteEveryThird(store, 30); // 10 records now under k2 by a write
        ReEncryptionBatch rest = reEncryption.runPass().block(TIMEOUT);

        assertThat(first.moved()).isEqualTo(10);
        assertThat(first.passComplete()).isFalse();
        assertThat(rest.remaining()).isZero();
        assertThat(recordsPerKeyId()).containsExactly(Map.entry("k2", 30L));
        assertThat(readAll(store, 30).values())
                .allSatisfy(v -> assertThat(v.record().accessToken().reveal()).endsWith("-v" + v.version()));
    }

    @Test
    void theFilesHoldNoOwnerIdAndNoTokenInClear() throws Exception {
        start(K2_THEN_K1)
                .write(record(ConnectionId.of("github", "alice@example.com"), 1), 0)
                .block(TIMEOUT);

        String everything = new String(
                Files.readAllBytes(open.file(ConnectionId.of("github", "alice@example.com"))),
                StandardCharsets.ISO_8859_1);

        assertThat(everything)
                .contains("k2")
                .doesNotContain("alice")
                .doesNotContain("access-")
                .doesNotContain("refresh-");
    }

    @Test
    void namedAccountsAreCountedUnderAnotherKeyAndMovedByReEncryptionLikeDefaultConnections() throws Exception {
        List<ConnectionId> ids = List.of(
                ConnectionId.of("github", "alice"),
                ConnectionId.of("github", "alice", "1001"),
                ConnectionId.of("github", "alice", "2002"),
                ConnectionId.of("github", "bob", "3003"));
        FileTokenStore first = start(ONLY_K1);
        for (ConnectionId id : ids) {
            first.write(record(id, 1), 0).block(TIMEOUT);
        }

        assertThat(start(Keyring.builder().active("k2", K2).build()).recordsUnderAnotherKey())
                .as("every file, accounts' included, is checked when the store opens")
                .isEqualTo(ids.size());
        FileTokenStore rotated = start(K2_THEN_K1);
        ReEncryptionBatch batch = new FileReEncryption(rotated, 100).runBatch().block(TIMEOUT);

        assertThat(batch.moved()).isEqualTo(ids.size());
        assertThat(keyIdsOfEveryFile(open.directory())).containsOnly("k2").hasSize(ids.size());
        FileTokenStore onlyK2 = start(Keyring.builder().active("k2", K2).build());
        List<ConnectionId> alices = onlyK2.accounts("github", "alice")
                .map(v -> v.record().id())
                .collectList()
                .block(TIMEOUT);
        assertThat(alices).first().isEqualTo(ids.get(0));
        assertThat(alices).containsExactlyInAnyOrderElementsOf(ids.subList(0, 3));
        assertThat(onlyK2.read(ids.get(3)).block(TIMEOUT).version()).isEqualTo(1);
    }

    /** The key id of every record file, found by walking the directory rather than by the store's own listing. */
    private static List<String> keyIdsOfEveryFile(Path directory) throws IOException {
        try (var walk = Files.walk(directory)) {
            return walk.filter(p -> p.toString().endsWith(".rec"))
                    .map(p -> {
                        try {
                            return SealedRecordFile.keyIdOf(RecordFiles.head(p, RecordFileContent.HEAD_LENGTH));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
    }

    /** How many record files each key id wraps, from the files themselves. */
    private Map<String, Long> recordsPerKeyId() {
        return recordsPerKeyId(open.directory());
    }

    static Map<String, Long> recordsPerKeyId(Path directory) {
        Map<String, Long> counts = new HashMap<>();
        try {
            for (RecordFiles.RecordFile file : RecordFiles.under(directory)) {
                String keyId = SealedRecordFile.keyIdOf(RecordFiles.head(file.path(), RecordFileContent.HEAD_LENGTH));
                counts.merge(String.valueOf(keyId), 1L, Long::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }
}
