package io.github.saasconnect.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.store.ConnectionKey;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.StoreMigrationRequiredException;
import io.github.saasconnect.store.VersionedRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directories written before names were keyed are renamed on first start without losing a connection. The fixture
 * {@code legacy-sha256-names} was written by the file store of commit 6036de9 (unkeyed SHA-256 names): three
 * connections, each at version 2, with tokens {@code refresh-{registration}-{owner}}.
 */
class FileStoreNameMigrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<ConnectionId> CONNECTIONS = List.of(
            ConnectionId.of("github", "alice@example.com"),
            ConnectionId.of("github", "bob"),
            ConnectionId.of("google", "alice@example.com"));

    @TempDir
    Path tmp;

    private Path directory;
    private FileStoreKey key;

    private void givenTheOldLayout() throws Exception {
        Path fixture = Path.of(getClass().getResource("legacy-sha256-names").toURI());
        directory = tmp.resolve("tokens");
        for (String registration : List.of("github", "google")) {
            Files.createDirectories(directory.resolve(registration));
            try (Stream<Path> files = Files.list(fixture.resolve(registration))) {
                for (Path f : files.toList()) {
                    Files.copy(f, directory.resolve(registration).resolve(f.getFileName()));
                }
            }
        }
        key = FileStoreKey.fromBase64(Files.readString(fixture.resolve("store.key")));
        for (ConnectionId id : CONNECTIONS) {
            assertThat(unkeyedFile(id)).isRegularFile();
        }
    }

    @Test
    void theFirstStartRenamesEveryRecordToItsKeyedNameAndLosesNothing() throws Exception {
        givenTheOldLayout();

        try (FileTokenStore store = FileTokenStore.open(directory, key)) {
            for (ConnectionId id : CONNECTIONS) {
                VersionedRecord read = store.read(id).block(TIMEOUT);
                assertThat(read.version()).isEqualTo(2);
                assertThat(read.record().refreshToken().reveal())
                        .isEqualTo("refresh-" + id.registration() + "-" + id.owner());
                assertThat(store.file(id)).isRegularFile();
                assertThat(unkeyedFile(id)).doesNotExist();
            }
            ConnectionPage github = store.list("github", null, 10).block(TIMEOUT);
            assertThat(github.records()).hasSize(2);
            assertThat(github.unreadable()).isEmpty();
            ConnectionRecord bob = store.read(CONNECTIONS.get(1)).block(TIMEOUT).record();
            assertThat(store.write(bob, 2).block(TIMEOUT)).isEqualTo(3);
        }
        assertThat(directory.resolve(NameMigration.MARKER)).hasContent(NameMigration.LAYOUT);

        try (FileTokenStore again = FileTokenStore.open(directory, key)) {
            assertThat(again.read(CONNECTIONS.get(1)).block(TIMEOUT).version()).isEqualTo(3);
        }
    }

    @Test
    void withTheMigrationTurnedOffTheStoreRefusesToOpenNamingTheSettingAndTouchesNothing() throws Exception {
        givenTheOldLayout();

        assertThatThrownBy(() -> FileTokenStore.builder(directory, key)
                        .migrateNames(false)
                        .open())
                .isInstanceOf(StoreMigrationRequiredException.class)
                .hasMessageContaining("saas-connect.store.file.migrate-names=true")
                .hasMessageContaining(directory.toRealPath().toString());
        for (ConnectionId id : CONNECTIONS) {
            assertThat(unkeyedFile(id)).isRegularFile();
        }
        // the lock was released: the store opens once the migration is allowed
        try (FileTokenStore store = FileTokenStore.open(directory, key)) {
            assertThat(store.read(CONNECTIONS.get(0)).block(TIMEOUT)).isNotNull();
        }
    }

    @Test
    void aStartThatStoppedBetweenWritingTheNewNameAndDeletingTheOldOneIsFinishedByTheNext() throws Exception {
        givenTheOldLayout();
        Path interrupted = tmp.resolve("interrupted");
        Files.createDirectories(interrupted);
        Path oldBob = unkeyedFile(CONNECTIONS.get(1));
        Files.copy(oldBob, interrupted.resolve("bob.rec"));
        try (FileTokenStore store = FileTokenStore.open(directory, key)) {
            assertThat(store.read(CONNECTIONS.get(1)).block(TIMEOUT)).isNotNull();
        }
        // as if the process died before deleting bob's old file and writing the marker
        Files.copy(interrupted.resolve("bob.rec"), oldBob);
        Files.delete(directory.resolve(NameMigration.MARKER));

        try (FileTokenStore store = FileTokenStore.open(directory, key)) {
            assertThat(oldBob).doesNotExist();
            assertThat(store.read(CONNECTIONS.get(1)).block(TIMEOUT).version()).isEqualTo(2);
            assertThat(store.list("github", null, 10).block(TIMEOUT).records()).hasSize(2);
        }
        assertThat(directory.resolve(NameMigration.MARKER)).exists();
    }

    @Test
    void aRecordThatCannotBeReadKeepsItsOldNameStaysItsOwnersAndIsRenamedOnceDealtWith() throws Exception {
        givenTheOldLayout();
        ConnectionId damaged = CONNECTIONS.get(0);
        Path file = unkeyedFile(damaged);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);

        try (FileTokenStore store = FileTokenStore.open(directory, key)) {
            assertThat(directory.resolve(NameMigration.MARKER)).doesNotExist();
            assertThatThrownBy(() -> store.read(damaged).block(TIMEOUT))
                    .isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining(file.getFileName().toString());
            assertThat(store.read(CONNECTIONS.get(1)).block(TIMEOUT)).isNotNull();

            store.delete(damaged).block(TIMEOUT);
            assertThat(file).doesNotExist();
            assertThat(store.read(damaged).block(TIMEOUT)).isNull();
        }
        try (FileTokenStore store = FileTokenStore.open(directory, key)) {
            assertThat(directory.resolve(NameMigration.MARKER)).exists();
        }
    }

    private Path unkeyedFile(ConnectionId id) {
        return directory.resolve(id.registration()).resolve(ConnectionKey.of(id) + ".rec");
    }
}
