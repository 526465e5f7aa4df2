package io.github.saasconnect.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileStoreKeyTest {

    @TempDir
    Path tmp;

    @Test
    void keyFromConfigurationAcceptsStandardOrUrlSafeBase64WithOrWithoutPadding() {
        byte[] raw = randomBytes(32);
        String standard = Base64.getEncoder().encodeToString(raw);
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

        FileStoreKey fromStandard = FileStoreKey.fromBase64(standard);
        FileStoreKey fromUrlSafe = FileStoreKey.fromBase64(urlSafe);
        FileStoreKey fromPadded = FileStoreKey.fromBase64("  " + standard + "\n");

        assertThat(fromUrlSafe.id()).isEqualTo(fromStandard.id());
        assertThat(fromPadded.id()).isEqualTo(fromStandard.id());
    }

    @Test
    void keyOfTheWrongLengthIsRefusedWithItsLengthButNotItsValue() {
        String sixteenBytes = Base64.getEncoder().encodeToString(randomBytes(16));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> FileStoreKey.fromBase64(sixteenBytes))
                .withMessageContaining("must be 32 bytes")
                .withMessageContaining("decodes to 16 bytes")
                .withMessageContaining("openssl rand -base64 32")
                .withMessageNotContaining(sixteenBytes);
    }

    @Test
    void keyThatIsNotBase64IsRefusedWithoutRepeatingIt() {
        String notBase64 = "this is my s3cret passphrase!";

        assertThatIllegalArgumentException()
                .isThrownBy(() -> FileStoreKey.fromBase64(notBase64))
                .withMessageContaining("not valid base64")
                .withMessageNotContaining("s3cret");
    }

    @Test
    void emptyOrMissingKeyIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> FileStoreKey.fromBase64(null))
                .withMessageContaining("is empty");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> FileStoreKey.fromBase64("   "))
                .withMessageContaining("is empty");
    }

    @Test
    void toStringShowsTheIdAndSourceButNeverTheKey() {
        String base64 = Base64.getEncoder().encodeToString(randomBytes(32));

        FileStoreKey key = FileStoreKey.fromBase64(base64);

        assertThat(key.toString())
                .isEqualTo("FileStoreKey[id=" + key.id() + ", source=configuration]")
                .doesNotContain(base64)
                .doesNotContain(base64.substring(0, 8));
        assertThat(key.id()).matches("[0-9a-f]{16}");
    }

    @Test
    void differentKeysHaveDifferentIds() {
        assertThat(FileStoreKey.fromBase64(Base64.getEncoder().encodeToString(randomBytes(32)))
                        .id())
                .isNotEqualTo(FileStoreKey.fromBase64(Base64.getEncoder().encodeToString(randomBytes(32)))
                        .id());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void missingKeyFileIsCreatedOwnerOnlyWithANewRandomKey() throws Exception {
        Path keyFile = tmp.resolve("config/secrets/store.key");

        FileStoreKey key = FileStoreKey.loadOrCreate(keyFile);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent())))
                .isEqualTo("rwx------");
        String content = Files.readString(keyFile, StandardCharsets.US_ASCII);
        assertThat(content).hasSize(45).endsWith("\n");
        assertThat(Base64.getDecoder().decode(content.strip())).hasSize(32);
        assertThat(FileStoreKey.fromBase64(content).id()).isEqualTo(key.id());
        assertThat(key.toString()).contains("source=file " + keyFile.toAbsolutePath());
        try (var leftovers = Files.list(keyFile.getParent())) {
            assertThat(leftovers).containsExactly(keyFile);
        }
    }

    @Test
    void existingKeyFileIsReadBackUnchanged() throws Exception {
        Path keyFile = tmp.resolve("store.key");
        FileStoreKey created = FileStoreKey.loadOrCreate(keyFile);
        byte[] before = Files.readAllBytes(keyFile);

        FileStoreKey loaded = FileStoreKey.loadOrCreate(keyFile);

        assertThat(loaded.id()).isEqualTo(created.id());
        assertThat(Files.readAllBytes(keyFile)).isEqualTo(before);
    }

    @Test
    void processesCreatingTheKeyFileAtOnceAllEndUpWithTheSameKey() throws Exception {
        Path keyFile = tmp.resolve("raced.key");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                ids.add(pool.submit(() -> {
                    go.await();
                    return FileStoreKey.loadOrCreate(keyFile).id();
                }));
            }
            go.countDown();
            List<String> seen = new ArrayList<>();
            for (Future<String> id : ids) {
                seen.add(id.get(30, TimeUnit.SECONDS));
            }

            assertThat(seen).containsOnly(FileStoreKey.loadOrCreate(keyFile).id());
        } finally {
            pool.shutdownNow();
        }
        try (var leftovers = Files.list(tmp)) {
            assertThat(leftovers).containsExactly(keyFile);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw--w----", "rw-rw-rw-", "rwx---r-x"})
    @DisabledOnOs(OS.WINDOWS)
    void keyFileThatGroupOrOthersCanAccessIsRefusedWithTheChmodThatFixesIt(String permissions) throws Exception {
        Path keyFile = tmp.resolve("store.key");
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(randomBytes(32)) + "\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString(permissions));
        byte[] before = Files.readAllBytes(keyFile);

        assertThatIllegalStateException()
                .isThrownBy(() -> FileStoreKey.loadOrCreate(keyFile))
                .withMessageContaining("accessible by group or others (" + permissions + ")")
                .withMessageContaining("chmod 600 " + keyFile.toAbsolutePath());
        assertThat(Files.readAllBytes(keyFile)).isEqualTo(before);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void keyFileWithoutAValidKeyIsRefusedNamingTheFileButNotItsContent() throws Exception {
        Path keyFile = tmp.resolve("store.key");
        String content = Base64.getEncoder().encodeToString(randomBytes(24));
        Files.writeString(keyFile, content);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));

        assertThatIllegalStateException()
                .isThrownBy(() -> FileStoreKey.loadOrCreate(keyFile))
                .withMessageContaining("file store key file " + keyFile.toAbsolutePath())
                .withMessageContaining("decodes to 24 bytes")
                .withMessageNotContaining(content);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
