package io.github.saasconnect.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.ConnectionError;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.store.ClaimOutcome;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.JobClaim;
import io.github.saasconnect.store.StaleVersionException;
import io.github.saasconnect.store.VersionedRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory written by release 0.2 (commit ee00bc3; {@code fixtures/file-store-0.2}, see its README) opens with this
 * version as it is: no migration step, every record intact, and named accounts added beside it.
 */
class FileStore02FixtureTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Instant T = Instant.parse("2026-11-20T09:00:00Z");
    private static final ConnectionId ALICE_GITHUB = ConnectionId.of("github", "alice@example.com");
    private static final ConnectionId BOB_GITHUB = ConnectionId.of("github", "bob");
    private static final ConnectionId ALICE_MICROSOFT = ConnectionId.of("microsoft", "alice@example.com");

    @TempDir
    Path tmp;

    private Path directory;
    private Map<String, byte[]> fixtureFiles;
    private FileTokenStore store;

    @BeforeEach
    void copyFixture() throws Exception {
        Path fixture =
                Path.of(getClass().getResource("/fixtures/file-store-0.2").toURI());
        try (Stream<Path> walk = Files.walk(fixture)) {
            for (Path source : walk.toList()) {
                Path target = tmp.resolve(fixture.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        Path keyFile = tmp.resolve("store.key");
        if (OwnerOnly.supported(keyFile)) {
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        }
        directory = tmp.resolve("tokens");
        fixtureFiles = files();
        store = open();
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** As the application starts: the key file beside the directory, and no renaming allowed (none is needed). */
    private FileTokenStore open() {
        FileStoreKey key = FileStoreKey.loadOrCreate(tmp.resolve("store.key"), directory);
        return FileTokenStore.builder(directory, key).migrateNames(false).open();
    }

    @Test
    void everyConnectionReadsIntactAndOpeningChangesNoFile() throws Exception {
        assertThat(store.recordsUnderAnotherKey()).isZero();
        assertThat(files()).as("opening renames and rewrites nothing").containsOnlyKeys(withLock(fixtureFiles));
        assertUnchanged(fixtureFiles.keySet());

        assertAliceOnGithub(read(ALICE_GITHUB), "gho_alice_access_v1", "ghr_alice_refresh_v1", 1);

        VersionedRecord bob = read(BOB_GITHUB);
        assertThat(bob.version()).isEqualTo(1);
        assertThat(bob.record().status()).isEqualTo(ConnectionStatus.REAUTHORIZATION_REQUIRED);
        assertThat(bob.record().lastError())
                .isEqualTo(new ConnectionError(
                        FailureKind.REAUTHORIZATION_REQUIRED, "invalid_grant", T.plusSeconds(3600)));
        assertThat(bob.record().refreshToken().reveal()).isEqualTo("ghr_bob_refresh_v1");
        assertThat(bob.record().accessToken().reveal()).isEqualTo("gho_bob_access_v1");
        assertThat(bob.record().tags()).isEmpty();
        assertThat(bob.record().connectedAt()).isEqualTo(T.plusSeconds(60));

        VersionedRecord microsoft = read(ALICE_MICROSOFT);
        assertThat(microsoft.version()).isEqualTo(2);
        assertThat(microsoft.record().status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(microsoft.record().accessToken().reveal()).isEqualTo("eyJ.ms_alice_access_v2");
        assertThat(microsoft.record().refreshToken().reveal()).isEqualTo("ms_alice_refresh_v2");
        assertThat(microsoft.record().accessTokenExpiresAt()).isEqualTo(T.plusSeconds(7320));
        assertThat(microsoft.record().scopes()).containsExactlyInAnyOrder("offline_access", "User.Read");
        assertThat(microsoft.record().attributes())
                .containsExactly(Map.entry("tid", "72f988bf-0000-4000-8000-000000000000"));
        assertThat(microsoft.record().lastRefreshedAt()).isEqualTo(T.plusSeconds(3720));
        assertThat(microsoft.record().generation()).isEqualTo("gen-alice-microsoft");

        assertThat(listed("github", 1)).containsExactlyInAnyOrder(ALICE_GITHUB, BOB_GITHUB);
        assertThat(listed("microsoft", 10)).containsExactly(ALICE_MICROSOFT);
        assertThat(accounts(ALICE_GITHUB)).containsExactly(ALICE_GITHUB);
    }

    @Test
    void theJobClaimOf02IsHonoured() {
        Instant period = Instant.parse("2026-11-20T00:00:00Z");

        ClaimOutcome other = store.jobClaims()
                .claim(new JobClaim(
                        "nightly-sync", ALICE_GITHUB, period, "host-b:7", T.plusSeconds(600), T.plusSeconds(900)))
                .block(TIMEOUT);
        ClaimOutcome holder = store.jobClaims()
                .claim(new JobClaim(
                        "nightly-sync", ALICE_GITHUB, period, "host-a:4242", T.plusSeconds(600), T.plusSeconds(900)))
                .block(TIMEOUT);

        assertThat(other).isEqualTo(ClaimOutcome.HELD_BY_OTHER);
        assertThat(holder.mine()).isTrue();
    }

    @Test
    void aRefreshByCompareAndSetANamedAccountAndAReopenKeepEverything() throws Exception {
        ConnectionRecord refreshed = read(ALICE_GITHUB)
                .record()
                .refreshedWith(
                        new TokenSet(
                                Secret.of("gho_alice_access_v2"),
                                T.plusSeconds(90_000),
                                "bearer",
                                Secret.of("ghr_alice_refresh_v2"),
                                T.plusSeconds(15_960_000),
                                Set.of(),
                                null,
                                Map.of()),
                        T.plusSeconds(86_400));
        assertThat(store.write(refreshed, 1).block(TIMEOUT)).isEqualTo(2);
        assertThatThrownBy(() -> store.write(refreshed, 1).block(TIMEOUT)).isInstanceOf(StaleVersionException.class);

        ConnectionId named = ALICE_GITHUB.withAccount("583231");
        ConnectionRecord work = ConnectionRecord.connected(
                named,
                new TokenSet(
                        Secret.of("gho_alice_work_access_v1"),
                        T.plusSeconds(90_000),
                        "bearer",
                        Secret.of("ghr_alice_work_refresh_v1"),
                        null,
                        Set.of("repo"),
                        null,
                        Map.of()),
                Map.of("login", "alice-work"),
                T.plusSeconds(86_500),
                "gen-alice-github-work");
        assertThat(store.write(work, 0).block(TIMEOUT)).isEqualTo(1);
        Path defaultFile = store.file(ALICE_GITHUB);
        assertThat(store.file(named).getParent().getFileName() + ".rec")
                .as("the account sits in a folder named as the owner's 0.2 file")
                .isEqualTo(defaultFile.getFileName().toString());

        store.close();
        store = open();

        assertThat(store.recordsUnderAnotherKey()).isZero();
        assertAliceOnGithub(read(ALICE_GITHUB), "gho_alice_access_v2", "ghr_alice_refresh_v2", 2);
        assertThat(read(ALICE_GITHUB).record().schema())
                .as("a default connection stays readable by 0.2")
                .isEqualTo(ConnectionRecord.CURRENT_SCHEMA);
        VersionedRecord account = read(named);
        assertThat(account.version()).isEqualTo(1);
        assertThat(account.record().id()).isEqualTo(named);
        assertThat(account.record().accessToken().reveal()).isEqualTo("gho_alice_work_access_v1");
        assertThat(account.record().refreshToken().reveal()).isEqualTo("ghr_alice_work_refresh_v1");
        assertThat(accounts(ALICE_GITHUB)).containsExactly(ALICE_GITHUB, named);
        assertThat(accounts(BOB_GITHUB)).containsExactly(BOB_GITHUB);
        assertThat(listed("github", 1)).containsExactlyInAnyOrder(ALICE_GITHUB, named, BOB_GITHUB);
        assertThat(listed("microsoft", 1)).containsExactly(ALICE_MICROSOFT);
        assertThat(read(BOB_GITHUB).version()).isEqualTo(1);
        assertThat(read(ALICE_MICROSOFT).version()).isEqualTo(2);
        assertUnchanged(fixtureFiles.keySet().stream()
                .filter(f -> !directory.resolve(f).equals(defaultFile))
                .toList());
    }

    private static void assertAliceOnGithub(VersionedRecord alice, String access, String refresh, long version) {
        assertThat(alice.version()).isEqualTo(version);
        ConnectionRecord record = alice.record();
        assertThat(record.id()).isEqualTo(ALICE_GITHUB);
        assertThat(record.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(record.accessToken().reveal()).isEqualTo(access);
        assertThat(record.refreshToken().reveal()).isEqualTo(refresh);
        assertThat(record.tokenType()).isEqualTo("Bearer");
        assertThat(record.scopes()).containsExactlyInAnyOrder("repo", "read:user");
        assertThat(record.tags()).containsExactly(Map.entry("team", "platform"), Map.entry("tier", "gold"));
        assertThat(record.providerAttributes()).containsExactly(Map.entry("login", "alice-gh"));
        assertThat(record.connectedAt()).isEqualTo(T);
        assertThat(record.generation()).isEqualTo("gen-alice-github");
        assertThat(record.lastError()).isNull();
    }

    private VersionedRecord read(ConnectionId id) {
        VersionedRecord stored = store.read(id).block(TIMEOUT);
        assertThat(stored).as("stored record of %s", id).isNotNull();
        return stored;
    }

    private List<ConnectionId> accounts(ConnectionId owner) {
        return store.accounts(owner.registration(), owner.owner())
                .map(v -> v.record().id())
                .collectList()
                .block(TIMEOUT);
    }

    private List<ConnectionId> listed(String registration, int pageSize) {
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

    /** Every file of the store directory by its path relative to it, with its content. */
    private Map<String, byte[]> files() throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(directory.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    private static String[] withLock(Map<String, byte[]> files) {
        List<String> names = new ArrayList<>(files.keySet());
        names.add(".lock");
        return names.toArray(String[]::new);
    }

    private void assertUnchanged(Iterable<String> relativePaths) throws Exception {
        for (String relative : relativePaths) {
            assertThat(Files.readAllBytes(directory.resolve(relative)))
                    .as(relative)
                    .isEqualTo(fixtureFiles.get(relative));
        }
    }
}
