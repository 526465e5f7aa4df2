package io.github.saasconnect.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.failure.StoreUnavailableException;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.ConnectionRecordCodec;
import io.github.saasconnect.store.StaleVersionException;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.store.tck.TokenStoreContract;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

class FileTokenStoreTest extends TokenStoreContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private Path directory;
    private FileStoreKey key;

    @Override
    protected TokenStore createStore() {
        directory = tmp.resolve("tokens");
        key = randomKey();
        return FileTokenStore.open(directory, key);
    }

    private FileTokenStore fileStore() {
        return (FileTokenStore) store;
    }

    // --- layout ---

    @Test
    void recordFileIsNamedByTheKeyedDigestOfRegistrationNulOwnerUnderTheRegistrationsDirectory() throws Exception {
        byte[] keyBytes = new byte[FileStoreKey.LENGTH];
        new SecureRandom().nextBytes(keyBytes);
        fileStore().close();
        store = FileTokenStore.open(
                directory, FileStoreKey.fromBase64(Base64.getEncoder().encodeToString(keyBytes)));
        ConnectionId id = ConnectionId.of("github", "alice");

        write(record(id, "token"), 0);

        // HKDF-Expand(key, "saas-connect file store owner names v1", 32) keys an HMAC-SHA256 of registration NUL owner
        byte[] secret =
                hmac(keyBytes, "saas-connect file store owner names v1\u0001".getBytes(StandardCharsets.US_ASCII));
        String digest = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(hmac(secret, "github\u0000alice".getBytes(StandardCharsets.UTF_8)));
        Path expected = directory.resolve("github").resolve(digest + ".rec");
        assertThat(expected).isRegularFile();
        assertThat(fileStore().file(id)).isEqualTo(expected.toRealPath());
        byte[] sha = MessageDigest.getInstance("SHA-256").digest("github\u0000alice".getBytes(StandardCharsets.UTF_8));
        assertThat(digest).isNotEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(sha));
    }

    private static byte[] hmac(byte[] key, byte[] message) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message);
    }

    @Test
    void fileAndDirectoryNamesNeverShowAnOwner() throws Exception {
        List<String> owners = List.of(
                "alice@example.com",
                "../../escape",
                "/etc/passwd",
                "%2e%2e%2f",
                "nul\u0000byte",
                "ünïcødé-user",
                "x".repeat(256));
        for (String owner : owners) {
            write(record(ConnectionId.of("github", owner), "token"), 0);
        }

        List<Path> all = tree(directory);

        assertThat(all).allSatisfy(p -> {
            String relative = directory.relativize(p).toString().replace('\\', '/');
            assertThat(relative).matches("\\.lock|\\.names|github|github/[A-Za-z0-9_-]{43}\\.rec");
        });
        assertThat(all).filteredOn(Files::isRegularFile).hasSize(owners.size() + 2);
        try (Stream<Path> outside = Files.list(tmp)) {
            assertThat(outside).containsExactly(directory);
        }
    }

    @Test
    void recordFilesHoldNoTokenNorOwnerInTheClear() throws Exception {
        ConnectionId id = ConnectionId.of("github", "alice-owner@example.com");
        ConnectionRecord record = record(id, "gho_SuperSecretAccessToken0123456789");

        write(record, 0);
        write(record(id, "gho_SecondSecretAccessToken987654"), 1);

        for (Path file : tree(directory)) {
            if (Files.isRegularFile(file)) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(bytes)
                        .doesNotContain(
                                "SuperSecret",
                                "SecondSecret",
                                "refresh-of-",
                                "alice-owner",
                                "access_token",
                                "github\u0000");
            }
        }
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void storeCreatesOnlyOwnerOnlyFilesAndDirectories() throws Exception {
        write(record(ConnectionId.of("github", "alice"), "token"), 0);

        for (Path path : tree(directory)) {
            String permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
            assertThat(permissions).as(path.toString()).isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
                .isEqualTo("rwx------");
    }

    @Test
    void writesLeaveNoTemporaryFilesBehind() throws Exception {
        ConnectionId id = ConnectionId.of("github", "alice");
        long version = write(record(id, "one"), 0);
        for (int i = 0; i < 5; i++) {
            version = write(record(id, "update-" + i), version);
        }
        assertThatThrownBy(() -> write(record(id, "stale"), 1)).isInstanceOf(StaleVersionException.class);
        write(record(ConnectionId.of("github", "bob"), "bob"), 0);
        store.delete(ConnectionId.of("github", "bob")).block(TIMEOUT);

        assertThat(tree(directory))
                .filteredOn(Files::isRegularFile)
                .map(p -> p.getFileName().toString())
                .hasSize(3)
                .allMatch(name -> name.equals(".lock") || name.equals(".names") || name.endsWith(".rec"));
    }

    @Test
    void unfinishedWriteOfAnEarlierProcessIsRemovedWhenTheStoreOpens() throws Exception {
        ConnectionId id = ConnectionId.of("github", "alice");
        write(record(id, "kept"), 0);
        Path recordFile = fileStore().file(id);
        Path leftover = recordFile.resolveSibling("." + recordFile.getFileName() + ".0011223344556677.tmp");
        Files.write(leftover, new byte[] {1, 2, 3});
        fileStore().close();

        store = FileTokenStore.open(directory, key);

        assertThat(leftover).doesNotExist();
        assertThat(read(id).record().accessToken().reveal()).isEqualTo("kept");
    }

    // --- durability ---

    @Test
    void recordsAndVersionsSurviveANewStoreOnTheSameDirectory() {
        ConnectionId id = ConnectionId.of("github", "alice");
        long version = write(record(id, "first"), 0);
        ConnectionRecord second = record(id, "second");
        version = write(second, version);
        fileStore().close();

        store = FileTokenStore.open(directory, key);

        assertThat(read(id)).isEqualTo(new VersionedRecord(second, version));
        assertThatThrownBy(() -> write(record(id, "stale"), 1)).isInstanceOf(StaleVersionException.class);
        assertThat(write(record(id, "third"), version)).isEqualTo(version + 1);
    }

    @Test
    void recordsWrittenWithAGeneratedKeyFileAreReadWithTheSameFileAfterARestart() {
        Path keyFile = tmp.resolve("keys/store.key");
        fileStore().close();
        store = FileTokenStore.open(directory, FileStoreKey.loadOrCreate(keyFile));
        ConnectionId id = ConnectionId.of("github", "alice");
        ConnectionRecord record = record(id, "token");
        write(record, 0);
        fileStore().close();

        store = FileTokenStore.open(directory, FileStoreKey.loadOrCreate(keyFile));

        assertThat(read(id).record()).isEqualTo(record);
    }

    // --- unreadable files ---

    @Test
    void fileWrittenWithAnotherKeyIsReportedWithTheConnectionAndLeftUntouched() throws Exception {
        ConnectionId id = ConnectionId.of("github", "alice");
        write(record(id, "gho_TokenUnderTheOldKey"), 0);
        Path original = fileStore().file(id);
        byte[] before = Files.readAllBytes(original);
        FileStoreKey oldKey = key;
        fileStore().close();
        FileStoreKey newKey = randomKey();
        store = FileTokenStore.open(directory, newKey);
        // Names are keyed from the key: under another key the store does not even find the file by the owner's name
        assertThat(store.read(id).block(TIMEOUT)).isNull();
        assertThat(fileStore().recordsUnderAnotherKey()).isOne();
        assertThat(listAll("github", 10).get(0).unreadable()).hasSize(1);
        Path file = fileStore().file(id);
        Files.move(original, file);

        assertThatThrownBy(() -> store.read(id).block(TIMEOUT))
                .isInstanceOfSatisfying(CorruptRecordException.class, e -> {
                    assertThat(e.connection()).isEqualTo(id);
                    assertThat(e.registration()).isEqualTo("github");
                    assertThat(e.kind()).isEqualTo(FailureKind.STORE_UNAVAILABLE);
                    assertThat(e.file()).isEqualTo(file);
                    assertThat(e.getMessage())
                            .contains(
                                    "connection github:alice",
                                    file.toString(),
                                    "encrypted with a different key",
                                    "key id " + oldKey.id(),
                                    "key id is " + newKey.id(),
                                    "left untouched")
                            .doesNotContain("TokenUnderTheOldKey");
                });
        assertRefusesToOverwrite(id, file, before);
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void damagedFileIsReportedWithTheConnectionAndNeverOverwritten(Damage damage) throws Exception {
        ConnectionId id = ConnectionId.of("github", "alice");
        write(record(id, "gho_TokenInADamagedFile"), 0);
        Path file = fileStore().file(id);
        Files.write(file, damage.apply(Files.readAllBytes(file)));
        byte[] damaged = Files.readAllBytes(file);

        assertThatThrownBy(() -> store.read(id).block(TIMEOUT))
                .isInstanceOfSatisfying(CorruptRecordException.class, e -> {
                    assertThat(e.connection()).isEqualTo(id);
                    assertThat(e.getMessage())
                            .contains("connection github:alice", file.toString(), damage.reason, "left untouched")
                            .doesNotContain("TokenInADamagedFile");
                });
        assertRefusesToOverwrite(id, file, damaged);
    }

    @Test
    void fileLargerThanAnyRecordIsReportedWithoutReadingItIntoMemory() throws Exception {
        ConnectionId id = ConnectionId.of("github", "alice");
        write(record(id, "token"), 0);
        Path file = fileStore().file(id);
        Files.write(file, new byte[RecordEnvelope.MAX_FILE_BYTES + 1]);

        assertThatThrownBy(() -> store.read(id).block(TIMEOUT))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("more than any record file");
        assertRefusesToOverwrite(id, file, Files.readAllBytes(file));
    }

    @Test
    void fileCopiedOverAnotherConnectionsFileFailsAuthentication() throws Exception {
        ConnectionId alice = ConnectionId.of("github", "alice");
        ConnectionId mallory = ConnectionId.of("github", "mallory");
        write(record(alice, "alice-token"), 0);
        write(record(mallory, "mallory-token"), 0);

        Files.copy(
                fileStore().file(alice), fileStore().file(mallory), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> store.read(mallory).block(TIMEOUT))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("failed authentication");
        assertThat(read(alice).record().accessToken().reveal()).isEqualTo("alice-token");
    }

    @Test
    void fileMovedToAnotherRegistrationFailsAuthentication() throws Exception {
        ConnectionId github = ConnectionId.of("github", "alice");
        write(record(github, "github-token"), 0);
        Path moved =
                directory.resolve("gitlab").resolve(fileStore().file(github).getFileName());
        Files.createDirectories(moved.getParent());
        Files.copy(fileStore().file(github), moved);

        ConnectionPage page = store.list("gitlab", null, 10).block(TIMEOUT);

        assertThat(page.records()).isEmpty();
        assertThat(moved).exists();
    }

    @Test
    void correctlyEncryptedFileHoldingAnotherConnectionsRecordIsRefused() throws Exception {
        ConnectionId alice = ConnectionId.of("github", "alice");
        ConnectionId bob = ConnectionId.of("github", "bob");
        write(record(bob, "bob-token"), 0);
        Path bobFile = fileStore().file(bob);
        byte[] aliceJson = new ConnectionRecordCodec().toJson(record(alice, "alice-token"));
        Files.write(
                bobFile, new RecordEnvelope(key).seal("github/" + fileStore().digest(bob), 1, aliceJson));

        assertThatThrownBy(() -> store.read(bob).block(TIMEOUT))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("holds the record of a different connection");
        assertThat(listAll("github", 10).stream().flatMap(p -> p.records().stream()))
                .isEmpty();
    }

    @Test
    void correctlyEncryptedFileThatIsNotARecordIsRefusedWithoutQuotingIt() throws Exception {
        ConnectionId id = ConnectionId.of("github", "alice");
        write(record(id, "token"), 0);
        Path file = fileStore().file(id);
        byte[] json = "{\"schema\":1,\"access_token\":\"gho_LeakMe\"}".getBytes(StandardCharsets.UTF_8);
        Files.write(file, new RecordEnvelope(key).seal("github/" + fileStore().digest(id), 3, json));

        assertThatThrownBy(() -> store.read(id).block(TIMEOUT))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("not a valid record")
                .hasMessageNotContaining("LeakMe");
        assertRefusesToOverwrite(id, file, Files.readAllBytes(file));
    }

    @Test
    void listReportsAnUnreadableFileBesideTheOthersWithAWarningThatNamesTheFileButNotTheOwner() throws Exception {
        ConnectionId damaged = ConnectionId.of("jobs", "owner-of-the-damaged-file");
        write(record(damaged, "x"), 0);
        for (int i = 0; i < 4; i++) {
            write(record(ConnectionId.of("jobs", "user-" + i), "t" + i), 0);
        }
        Path file = fileStore().file(damaged);
        Files.write(file, Damage.FLIPPED_TAG_BIT.apply(Files.readAllBytes(file)));
        byte[] before = Files.readAllBytes(file);
        Logger logger = (Logger) LoggerFactory.getLogger(FileTokenStore.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            List<ConnectionPage> pages = listAll("jobs", 2);

            assertThat(pages.stream()
                            .flatMap(p -> p.records().stream())
                            .map(r -> r.record().id().owner()))
                    .containsExactlyInAnyOrder("user-0", "user-1", "user-2", "user-3");
            assertThat(pages.stream().flatMap(p -> p.unreadable().stream()))
                    .singleElement()
                    .satisfies(unreadable -> {
                        assertThat(unreadable.registration()).isEqualTo("jobs");
                        assertThat(unreadable.key()).isEqualTo(fileStore().digest(damaged));
                        assertThat(unreadable.reason()).contains("failed authentication");
                    });
        } finally {
            logger.detachAppender(logs);
        }
        assertThat(logs.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage())
                    .contains(file.toString(), "failed authentication", "left untouched")
                    .doesNotContain("owner-of-the-damaged-file");
        });
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void deleteRemovesAnUnreadableFileSoTheUserCanConnectAgain() throws Exception {
        ConnectionId id = ConnectionId.of("github", "alice");
        write(record(id, "token"), 0);
        Files.write(fileStore().file(id), new byte[] {1, 2, 3});

        store.delete(id).block(TIMEOUT);

        assertThat(store.read(id).block(TIMEOUT)).isNull();
        assertThat(write(record(id, "reconnected"), 0)).isEqualTo(1);
    }

    // --- the wrong key ---

    @Test
    void recordsUnderAnotherKeyAreCountedWhenTheStoreOpensAndListedAsUnreadableUntilTheRightKeyIsBack()
            throws Exception {
        ConnectionId alice = ConnectionId.of("github", "alice");
        ConnectionId bob = ConnectionId.of("github", "bob");
        write(record(alice, "a"), 0);
        write(record(bob, "b"), 0);
        assertThat(fileStore().recordsUnderAnotherKey()).isZero();
        fileStore().close();

        try (FileTokenStore other = FileTokenStore.open(directory, randomKey())) {
            assertThat(other.recordsUnderAnotherKey()).isEqualTo(2);
            // names are keyed from the key, so under another one a connection's file is not found by its owner
            assertThat(other.read(alice).block(TIMEOUT)).isNull();
            ConnectionPage page = other.list("github", null, 10).block(TIMEOUT);
            assertThat(page.records()).isEmpty();
            assertThat(page.unreadable())
                    .hasSize(2)
                    .allSatisfy(u -> assertThat(u.reason()).contains("different key"));
        }

        store = FileTokenStore.open(directory, key);
        assertThat(fileStore().recordsUnderAnotherKey()).isZero();
        assertThat(read(alice).record().accessToken().reveal()).isEqualTo("a");
    }

    @Test
    void aMissingKeyFileIsNotReplacedWhileTheDirectoryHoldsRecords() throws Exception {
        Path keyFile = tmp.resolve("store.key");
        fileStore().close();
        FileStoreKey first = FileStoreKey.loadOrCreate(keyFile, directory);
        FileTokenStore withKeyFile = FileTokenStore.open(directory, first);
        withKeyFile.write(record(ConnectionId.of("github", "alice"), "a"), 0).block(TIMEOUT);
        withKeyFile.close();
        assertThat(FileStoreKey.loadOrCreate(keyFile, directory).id()).isEqualTo(first.id());

        Files.delete(keyFile);

        assertThatThrownBy(() -> FileStoreKey.loadOrCreate(keyFile, directory))
                .isInstanceOfSatisfying(
                        MissingFileStoreKeyException.class,
                        e -> assertThat(e.keyFile()).isEqualTo(keyFile.toAbsolutePath()))
                .hasMessageContaining("does not exist")
                .hasMessageContaining("Restore the key file");
        assertThat(keyFile).doesNotExist();
        assertThat(FileStoreKey.loadOrCreate(keyFile, tmp.resolve("empty-store"))
                        .id())
                .isNotEqualTo(first.id());
    }

    // --- one process per directory ---

    @Test
    void secondStoreOnTheSameDirectoryInThisProcessIsRefusedAndTheFirstKeepsWorking() throws Exception {
        ConnectionId id = ConnectionId.of("github", "alice");
        Path realDirectory = directory.toRealPath();

        assertThatThrownBy(() -> FileTokenStore.open(directory, key))
                .isInstanceOfSatisfying(FileStoreLockedException.class, e -> {
                    assertThat(e.directory()).isEqualTo(realDirectory);
                    assertThat(e.getMessage())
                            .contains(
                                    realDirectory.toString(),
                                    "another FileTokenStore in this process",
                                    "use the Vault store");
                });
        assertThatThrownBy(() -> FileTokenStore.open(tmp.resolve("tokens/../tokens"), randomKey()))
                .isInstanceOf(FileStoreLockedException.class);

        assertThat(write(record(id, "still-works"), 0)).isEqualTo(1);
        fileStore().close();
        try (FileTokenStore reopened = FileTokenStore.open(directory, key)) {
            assertThat(reopened.read(id).block(TIMEOUT).record().accessToken().reveal())
                    .isEqualTo("still-works");
        }
    }

    @Test
    void anotherProcessCannotOpenTheDirectoryWhileThisStoreHoldsIt() throws Exception {
        List<String> child = runProbe(directory, false);

        assertThat(child)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("LOCKED ")
                        .contains(
                                directory.toRealPath().toString(),
                                "process " + ProcessHandle.current().pid()));
    }

    @Test
    void refusedSecondOpenInThisProcessDoesNotReleaseTheLockOtherProcessesSee() throws Exception {
        assertThatThrownBy(() -> FileTokenStore.open(directory, key)).isInstanceOf(FileStoreLockedException.class);

        List<String> child = runProbe(directory, false);

        assertThat(child).anySatisfy(line -> assertThat(line).startsWith("LOCKED "));
    }

    @Test
    void thisProcessCannotOpenADirectoryAnotherProcessHoldsUntilItExits() throws Exception {
        fileStore().close();
        Process holder = startProbe(directory, true);
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String opened = CompletableFuture.supplyAsync(() -> firstLineStartingWith(out, "OPENED "))
                    .get(60, TimeUnit.SECONDS);
            assertThat(opened).as("child output").isEqualTo("OPENED " + holder.pid());

            String realDirectory = directory.toRealPath().toString();
            assertThatThrownBy(() -> FileTokenStore.open(directory, key))
                    .isInstanceOfSatisfying(
                            FileStoreLockedException.class,
                            e -> assertThat(e.getMessage())
                                    .contains(realDirectory, "in use by process " + holder.pid()));

            holder.getOutputStream().close();
            assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
            store = FileTokenStore.open(directory, key);
            assertThat(write(record(ConnectionId.of("github", "alice"), "after"), 0))
                    .isEqualTo(1);
        } finally {
            holder.destroyForcibly();
        }
    }

    // --- lifecycle, threads and failures ---

    @Test
    void closedStoreReportsItselfUnavailable() {
        ConnectionId id = ConnectionId.of("github", "alice");
        fileStore().close();
        fileStore().close();

        assertThatThrownBy(() -> store.read(id).block(TIMEOUT))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
                    assertThat(e.connection()).isEqualTo(id);
                    assertThat(e.getMessage()).contains("token store 'file'", "closed");
                });
    }

    @Test
    void fileSystemFailureIsReportedAsStoreUnavailableForTheConnection() throws Exception {
        ConnectionId id = ConnectionId.of("blocked", "alice");
        Files.write(directory.resolve("blocked"), new byte[0]);

        assertThatThrownBy(() -> write(record(id, "token"), 0))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
                    assertThat(e.connection()).isEqualTo(id);
                    assertThat(e.kind()).isEqualTo(FailureKind.STORE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("token store 'file'", "blocked:alice", "cannot write");
                });
    }

    @Test
    void fileAccessRunsOnTheConfiguredScheduler() {
        Scheduler io = Schedulers.newSingle("file-store-io");
        fileStore().close();
        try (FileTokenStore onIo =
                FileTokenStore.builder(directory, key).scheduler(io).open()) {
            ConnectionId id = ConnectionId.of("github", "alice");

            String writeThread = onIo.write(record(id, "t"), 0)
                    .map(v -> Thread.currentThread().getName())
                    .block(TIMEOUT);
            String readThread =
                    onIo.read(id).map(r -> Thread.currentThread().getName()).block(TIMEOUT);

            assertThat(writeThread).startsWith("file-store-io");
            assertThat(readThread).startsWith("file-store-io");
        } finally {
            io.dispose();
        }
    }

    @Test
    void ownerThatIsNotWellFormedUnicodeIsRefusedRatherThanSharingAFile() {
        ConnectionId lookalike = ConnectionId.of("github", "alice?");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConnectionId.of("github", "alice\uD800"))
                .withMessageContaining("unpaired surrogate");
        assertThat(write(record(lookalike, "t"), 0)).isEqualTo(1);
    }

    @Test
    void listRefusesACursorItDidNotIssueAndAPageSizeBelowOne() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> store.list("github", "github\u0000alice", 10).block(TIMEOUT))
                .withMessageContaining("cursor");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> store.list("github", null, 0).block(TIMEOUT))
                .withMessageContaining("pageSize");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> store.list("../etc", null, 10).block(TIMEOUT))
                .withMessageContaining("registration id");
    }

    @Test
    void storeDescribesItselfWithoutTheKey() {
        assertThat(store.name()).isEqualTo("file");
        assertThat(store.toString()).contains(directory.getFileName().toString(), "id=" + key.id());
    }

    // --- helpers ---

    /** Damage done to a record file, and the reason the store gives for it. */
    enum Damage {
        FLIPPED_CIPHERTEXT_BIT("failed authentication", b -> flip(b, b.length - 20)),
        FLIPPED_TAG_BIT("failed authentication", b -> flip(b, b.length - 1)),
        // format 2 with the store key's 16-character id: header 5, sealed format 1, id length 1, id 16, wrapped key
        // length 2 and wrapped key 60, then the record's nonce at 85
        FLIPPED_WRAPPED_KEY_BIT("failed authentication", b -> flip(b, 40)),
        FLIPPED_NONCE_BIT("failed authentication", b -> flip(b, 90)),
        FLIPPED_KEY_ID_BIT("different key", b -> {
            b[7] = (byte) (b[7] == 'f' ? 'e' : 'f');
            return b;
        }),
        FLIPPED_KEY_ID_LENGTH("malformed", b -> flip(b, 6)),
        WRONG_MAGIC("not a record file", b -> flip(b, 0)),
        UNKNOWN_FORMAT_VERSION("format version 9", b -> {
            b[4] = 9;
            return b;
        }),
        APPENDED_BYTE("failed authentication", b -> Arrays.copyOf(b, b.length + 1)),
        TRUNCATED_TO_HALF("failed authentication", b -> Arrays.copyOf(b, b.length / 2)),
        TRUNCATED_TO_THE_HEADER("too short", b -> Arrays.copyOf(b, 13)),
        EMPTY("too short", b -> new byte[0]),
        RANDOM_GARBAGE("not a record file", b -> {
            new SecureRandom().nextBytes(b);
            b[0] = 'X';
            return b;
        }),
        PLAIN_JSON(
                "not a record file",
                b -> ("{\"schema\":1,\"access_token\":\"gho_TokenInADamagedFile\"}").getBytes(StandardCharsets.UTF_8));

        final String reason;
        private final UnaryOperator<byte[]> damage;

        Damage(String reason, UnaryOperator<byte[]> damage) {
            this.reason = reason;
            this.damage = damage;
        }

        byte[] apply(byte[] content) {
            return damage.apply(content.clone());
        }

        private static byte[] flip(byte[] b, int index) {
            b[index] ^= 0x01;
            return b;
        }
    }

    private void assertRefusesToOverwrite(ConnectionId id, Path file, byte[] content) throws Exception {
        for (long expected : new long[] {0, 1, 2}) {
            assertThatThrownBy(() -> write(record(id, "replacement"), expected))
                    .isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining("will not be overwritten");
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            assertThat(siblings).containsExactly(file);
        }
    }

    private static List<Path> tree(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).sorted().toList();
        }
    }

    private static FileStoreKey randomKey() {
        byte[] bytes = new byte[FileStoreKey.LENGTH];
        new SecureRandom().nextBytes(bytes);
        return FileStoreKey.fromBase64(Base64.getEncoder().encodeToString(bytes));
    }

    /** Runs {@link FileStoreLockProbe} in a child JVM to completion and returns its output lines. */
    private List<String> runProbe(Path dir, boolean hold) throws Exception {
        Process child = startProbe(dir, hold);
        try {
            CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(
                    () -> new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))
                            .lines()
                            .toList());
            assertThat(child.waitFor(60, TimeUnit.SECONDS))
                    .as("child JVM finished")
                    .isTrue();
            return lines.get(10, TimeUnit.SECONDS);
        } finally {
            child.destroyForcibly();
        }
    }

    private Process startProbe(Path dir, boolean hold) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-Xshare:auto",
                        "-XX:TieredStopAtLevel=1",
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        FileStoreLockProbe.class.getName(),
                        dir.toString(),
                        hold ? "hold" : "try")
                .redirectError(tmp.resolve("probe-stderr.txt").toFile())
                .start();
    }

    private static String firstLineStartingWith(BufferedReader out, String prefix) {
        return out.lines().filter(line -> line.startsWith(prefix)).findFirst().orElse("(no " + prefix + "line)");
    }
}
