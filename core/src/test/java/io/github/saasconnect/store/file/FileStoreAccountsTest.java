package io.github.saasconnect.store.file;

import static io.github.saasconnect.testsupport.RotationRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.ConnectionKey;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.store.crypto.Keyring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store's layout of named accounts, {@code {registration}/{owner}/{account}.rec} beside the default
 * connection's {@code {registration}/{owner}.rec}; the behaviour every store shares is in the store contract.
 */
class FileStoreAccountsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String DIGEST = "[A-Za-z0-9_-]{43}";

    @TempDir
    Path tmp;

    private final FileStoreKey key = FileStoreKey.fromBase64(Base64.getEncoder().encodeToString(Keyring.newKey()));
    private Path directory;
    private FileTokenStore store;

    @BeforeEach
    void open() {
        directory = tmp.resolve("tokens");
        store = FileTokenStore.open(directory, key);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aNamedAccountIsFiledInItsOwnersFolderBesideTheDefaultFileAndNoPathShowsAnId() throws Exception {
        ConnectionId alice = ConnectionId.of("github", "alice@example.com");
        ConnectionId work = alice.withAccount("alice-work/../1001");
        write(alice, 0);
        write(work, 0);

        ConnectionKey names = key.connectionNames();
        String owner = names.ownerName(alice);
        String account = names.name(work).substring(ConnectionKey.NAME_LENGTH + 1);
        Path github = directory.toRealPath().resolve("github");
        assertThat(store.file(alice)).isEqualTo(github.resolve(owner + ".rec")).isRegularFile();
        assertThat(store.file(work))
                .isEqualTo(github.resolve(owner).resolve(account + ".rec"))
                .isRegularFile();
        assertThat(tree())
                .allSatisfy(p -> assertThat(relative(p))
                        .matches("\\.lock|\\.names|github|github/" + DIGEST + "(\\.rec|/" + DIGEST + "\\.rec)?"));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void anOwnersFolderIsOwnerOnly() throws Exception {
        write(ConnectionId.of("github", "alice", "1001"), 0);

        Path folder = store.file(ConnectionId.of("github", "alice", "1001")).getParent();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve(
                        store.file(ConnectionId.of("github", "alice", "1001")).getFileName()))))
                .isEqualTo("rw-------");
    }

    @Test
    void anAccountsFileCopiedOverAnotherAccountsOrTheDefaultFileFailsAuthentication() throws Exception {
        ConnectionId alice = ConnectionId.of("github", "alice");
        ConnectionId first = alice.withAccount("1001");
        ConnectionId second = alice.withAccount("2002");
        write(alice, 0);
        write(first, 0);
        write(second, 0);

        Files.copy(store.file(first), store.file(second), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(store.file(first), store.file(alice), StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> store.read(second).block(TIMEOUT))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("failed authentication");
        assertThatThrownBy(() -> store.read(alice).block(TIMEOUT))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("failed authentication");
        assertThat(store.read(first).block(TIMEOUT).record().id()).isEqualTo(first);
    }

    @Test
    void theOwnersFolderGoesWithItsLastAccountAndTheDefaultConnectionStays() throws Exception {
        ConnectionId alice = ConnectionId.of("github", "alice");
        write(alice, 0);
        write(alice.withAccount("1001"), 0);
        write(alice.withAccount("2002"), 0);
        Path folder = store.file(alice.withAccount("1001")).getParent();

        store.delete(alice.withAccount("1001")).block(TIMEOUT);
        assertThat(folder).isDirectory();
        store.delete(alice.withAccount("2002")).block(TIMEOUT);

        assertThat(folder).doesNotExist();
        assertThat(accounts("github", "alice")).containsExactly(alice);
        long version = write(alice.withAccount("3003"), 0);
        assertThat(version).isEqualTo(1);
        assertThat(accounts("github", "alice")).containsExactly(alice, alice.withAccount("3003"));
    }

    @Test
    void accountsReportsAnUnreadableAccountFileAndLeavesItAsItIs() throws Exception {
        ConnectionId alice = ConnectionId.of("github", "alice");
        ConnectionId damaged = alice.withAccount("1001");
        write(alice, 0);
        write(damaged, 0);
        Path file = store.file(damaged);
        byte[] content = Files.readAllBytes(file);
        content[content.length - 1] ^= 1;
        Files.write(file, content);

        assertThatThrownBy(() -> store.accounts("github", "alice").collectList().block(TIMEOUT))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("failed authentication");
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        store.delete(damaged).block(TIMEOUT);
        assertThat(accounts("github", "alice")).containsExactly(alice);
    }

    @Test
    void aListingCursorStaysValidWhileConnectionsAreWrittenAndDeletedBetweenPages() {
        List<ConnectionId> all = new ArrayList<>();
        for (int owner = 0; owner < 6; owner++) {
            ConnectionId id = ConnectionId.of("google", "owner-" + owner);
            all.add(id);
            all.add(id.withAccount("sub-a"));
            all.add(id.withAccount("sub-b"));
        }
        for (ConnectionId id : all) {
            write(id, 0);
        }
        Set<ConnectionId> kept = new HashSet<>(all);
        List<ConnectionId> seen = new ArrayList<>();
        String cursor = null;
        int page = 0;
        do {
            ConnectionPage next = store.list("google", cursor, 2).block(TIMEOUT);
            next.records().forEach(v -> seen.add(v.record().id()));
            cursor = next.nextCursor();
            if (page++ == 2) {
                // the connection the cursor was taken from, and one not yet listed, go; new ones come
                ConnectionId last = seen.get(seen.size() - 1);
                ConnectionId notYetListed = all.stream()
                        .filter(id -> !seen.contains(id))
                        .findFirst()
                        .orElseThrow();
                store.delete(last).block(TIMEOUT);
                store.delete(notYetListed).block(TIMEOUT);
                kept.remove(notYetListed);
                write(ConnectionId.of("google", "owner-new", "sub-a"), 0);
                write(last.withAccount("sub-new"), 0);
            }
        } while (cursor != null);

        assertThat(seen).doesNotHaveDuplicates().containsAll(kept).doesNotContainAnyElementsOf(notIn(all, kept));
    }

    @Test
    void listingPassesOverOwnerFoldersLeftEmptyAtEveryPageSize() throws Exception {
        Set<ConnectionId> written = new HashSet<>();
        for (int owner = 0; owner < 4; owner++) {
            ConnectionId id = ConnectionId.of("microsoft", "owner-" + owner, "oid-" + owner);
            write(id, 0);
            written.add(id);
        }
        // folders a process that died while deleting an owner's last account may leave, sorting among the others
        for (String prefix : List.of("-", "M", "Z", "_", "a", "z")) {
            Files.createDirectory(directory.resolve("microsoft").resolve(prefix.repeat(ConnectionKey.NAME_LENGTH)));
        }

        for (int pageSize : new int[] {1, 2, 3, 100, Integer.MAX_VALUE}) {
            List<ConnectionId> seen = new ArrayList<>();
            String cursor = null;
            do {
                ConnectionPage page = store.list("microsoft", cursor, pageSize).block(TIMEOUT);
                assertThat(page.records().size()).isLessThanOrEqualTo(pageSize);
                page.records().forEach(v -> seen.add(v.record().id()));
                cursor = page.nextCursor();
            } while (cursor != null);
            assertThat(seen).as("page size %s", pageSize).containsExactlyInAnyOrderElementsOf(written);
        }
    }

    @Test
    void anUnfinishedWriteInAnOwnersFolderIsRemovedWhenTheStoreOpens() throws Exception {
        ConnectionId id = ConnectionId.of("github", "alice", "1001");
        write(id, 0);
        Path file = store.file(id);
        Path leftover = file.resolveSibling("." + file.getFileName() + ".0011223344556677.tmp");
        Files.write(leftover, new byte[] {1, 2, 3});
        store.close();

        store = FileTokenStore.open(directory, key);

        assertThat(leftover).doesNotExist();
        assertThat(store.read(id).block(TIMEOUT).version()).isEqualTo(1);
    }

    @Test
    void aListingCursorMustBeAKeyedNameSoItNeverReachesAPath() {
        write(ConnectionId.of("github", "alice", "1001"), 0);
        String owner = "a".repeat(ConnectionKey.NAME_LENGTH);

        for (String bad : List.of(owner + "/../" + "b".repeat(40), owner + "/", owner + "/" + owner + "/" + owner)) {
            assertThatThrownBy(() -> store.list("github", bad, 1).block(TIMEOUT))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cursor");
        }
        assertThat(store.list("github", owner + "/" + "b".repeat(ConnectionKey.NAME_LENGTH), 1)
                        .block(TIMEOUT))
                .as("a name of the form the store issues is a cursor")
                .isNotNull();
    }

    private long write(ConnectionId id, long expectedVersion) {
        return store.write(record(id, expectedVersion + 1), expectedVersion).block(TIMEOUT);
    }

    private List<ConnectionId> accounts(String registration, String owner) {
        return store.accounts(registration, owner)
                .map(VersionedRecord::record)
                .map(r -> r.id())
                .collectList()
                .block(TIMEOUT);
    }

    private static List<ConnectionId> notIn(List<ConnectionId> all, Set<ConnectionId> kept) {
        return all.stream().filter(id -> !kept.contains(id)).toList();
    }

    private List<Path> tree() throws Exception {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(p -> !p.equals(directory)).toList();
        }
    }

    private String relative(Path p) {
        return directory.relativize(p).toString().replace('\\', '/');
    }
}
