package io.github.saasconnect.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.store.PendingAuthorization;
import io.github.saasconnect.store.PendingAuthorizationStore;
import io.github.saasconnect.store.tck.PendingAuthorizationStoreContract;
import io.github.saasconnect.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePendingAuthorizationStoreTest extends PendingAuthorizationStoreContract {

    private static final FileStoreKey KEY =
            FileStoreKey.fromBase64(Base64.getEncoder().encodeToString(new byte[32]));

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at(NOW);

    @Override
    protected PendingAuthorizationStore createStore() {
        return FilePendingAuthorizationStore.open(dir.resolve("pending"), KEY, clock);
    }

    /** A second process's store on the same directory. */
    @Override
    protected PendingAuthorizationStore secondInstance() {
        return FilePendingAuthorizationStore.open(dir.resolve("pending"), KEY, clock);
    }

    @Test
    void neitherVerifierNorOwnerNorReturnAddressIsOnDiskInClear() throws Exception {
        String verifier = "verifier-" + "x".repeat(30);
        PendingAuthorization saved = pending("state-at-rest", "owner-at-rest@example.com", Secret.of(verifier));
        store.save(saved).block();

        List<Path> files = files();
        assertThat(files).hasSize(1);
        assertThat(files.get(0).getFileName().toString()).isEqualTo(saved.key() + ".pa");
        String content = new String(Files.readAllBytes(files.get(0)), StandardCharsets.ISO_8859_1);
        assertThat(content)
                .doesNotContain(verifier)
                .doesNotContain("owner-at-rest")
                .doesNotContain("/connections")
                .doesNotContain("state-at-rest")
                .startsWith("SCFS");
    }

    @Test
    void filesAreOwnerOnly() throws Exception {
        store.save(pending("perm", "alice", Secret.of("v"))).block();

        Path dirPath = dir.resolve("pending");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dirPath)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files().get(0))))
                .isEqualTo("rw-------");
    }

    @Test
    void aFileCopiedOverAnotherEntryIsNotAccepted() throws Exception {
        PendingAuthorization mine = pending("mine", "mallory", Secret.of("v1"));
        PendingAuthorization theirs = pending("theirs", "alice", Secret.of("v2"));
        store.save(mine).block();
        store.save(theirs).block();
        Path pending = dir.resolve("pending");
        Files.copy(
                pending.resolve(mine.key() + ".pa"),
                pending.resolve(theirs.key() + ".pa"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(store.take(theirs.key()).block()).isNull();
        assertThat(store.take(mine.key()).block()).isNotNull();
    }

    @Test
    void anOversizedFileInPlaceOfAnEntryIsRefusedAndRemoved() throws Exception {
        PendingAuthorization saved = pending("oversized", "alice", Secret.of("v"));
        store.save(saved).block();
        Path file = dir.resolve("pending").resolve(saved.key() + ".pa");
        try (java.io.RandomAccessFile grown = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            grown.setLength(RecordEnvelope.MAX_FILE_BYTES + 1L);
        }

        assertThat(store.take(saved.key()).block()).isNull();
        assertThat(file).doesNotExist();
    }

    @Test
    void aSaveLeavesNoTemporaryFileBehind() throws Exception {
        store.save(pending("tidy", "alice", Secret.of("v"))).block();
        store.save(pending("tidy", "alice", Secret.of("v2"))).block();

        try (Stream<Path> all = Files.list(dir.resolve("pending"))) {
            assertThat(all.map(p -> p.getFileName().toString()))
                    .containsExactly(PendingAuthorization.keyOf("tidy") + ".pa");
        }
    }

    @Test
    void anotherKeyCannotReadTheEntries() {
        PendingAuthorization saved = pending("other-key", "alice", Secret.of("v"));
        store.save(saved).block();
        byte[] other = new byte[32];
        other[0] = 1;
        PendingAuthorizationStore wrongKey = FilePendingAuthorizationStore.open(
                dir.resolve("pending"),
                FileStoreKey.fromBase64(Base64.getEncoder().encodeToString(other)),
                clock);

        assertThat(wrongKey.take(saved.key()).block()).isNull();
    }

    @Test
    void aSaveStartsASweepOfExpiredEntriesOnAnotherThreadAtMostOnceAMinute() throws Exception {
        List<Runnable> sweeps = new ArrayList<>();
        FilePendingAuthorizationStore store =
                FilePendingAuthorizationStore.open(dir.resolve("pending"), KEY, clock, sweeps::add);
        store.save(pending("will-expire", "alice", Secret.of("v"))).block();
        sweeps.clear();
        clock.advance(Duration.ofMinutes(11));

        store.save(startedNow("fresh")).block();
        store.save(startedNow("fresher")).block();

        assertThat(files()).as("the save did not sweep itself").hasSize(3);
        assertThat(sweeps).as("one sweep per minute").hasSize(1);
        sweeps.get(0).run();
        assertThat(files())
                .extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder(
                        PendingAuthorization.keyOf("fresh") + ".pa", PendingAuthorization.keyOf("fresher") + ".pa");
    }

    @Test
    void besidesAFileTokenStoreItLivesInItsDirectoryAndUsesItsKey() {
        try (FileTokenStore tokens = FileTokenStore.open(dir.resolve("tokens"), KEY)) {
            FilePendingAuthorizationStore besides = FilePendingAuthorizationStore.besides(tokens, clock);
            assertThat(besides.directory()).isEqualTo(tokens.directory().resolve(".pending"));
            PendingAuthorization saved = pending("besides", "alice", Secret.of("v"));
            besides.save(saved).block();
            assertThat(FilePendingAuthorizationStore.open(besides.directory(), KEY, clock)
                            .take(saved.key())
                            .block())
                    .isNotNull();
        }
    }

    private PendingAuthorization startedNow(String state) {
        PendingAuthorization p = pending(state, "alice", Secret.of("v"));
        return new PendingAuthorization(
                p.key(),
                p.connection(),
                p.redirectUri(),
                p.returnTo(),
                p.codeVerifier(),
                clock.instant(),
                clock.instant().plus(Duration.ofMinutes(10)));
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("pending"))) {
            return s.toList();
        }
    }
}
