package io.github.saasconnect.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionError;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.connection.RefreshLease;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.StaleVersionException;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * What every {@link TokenStore} must do. A store's test extends this class and says how to make a fresh,
 * empty store; the store is closed after each test when it is {@link AutoCloseable}.
 */
public abstract class TokenStoreContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int RACERS = 32;
    /** One race rarely loses a write even in a broken store; several rounds catch it reliably. */
    private static final int RACE_ROUNDS = 10;

    private static final Instant NOW = Instant.parse("2026-11-25T10:15:30.123456789Z");

    protected TokenStore store;

    /** A new store with no records in it. */
    protected abstract TokenStore createStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void readOfAnAbsentConnectionIsEmpty() {
        StepVerifier.create(store.read(ConnectionId.of("github", "nobody")))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void createWithExpectedVersionZeroStoresTheRecordAtVersionOne() {
        ConnectionRecord record = record(ConnectionId.of("github", "alice"), "access-1");

        StepVerifier.create(store.write(record, 0))
                .expectNext(1L)
                .expectComplete()
                .verify(TIMEOUT);

        VersionedRecord stored = read(record.id());
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.record()).isEqualTo(record);
        assertThat(stored.record().accessToken().reveal()).isEqualTo("access-1");
        assertThat(stored.record().refreshToken().reveal()).isEqualTo("refresh-of-access-1");
    }

    @Test
    void everyFieldOfARecordSurvivesTheStore() {
        ConnectionId id = ConnectionId.of("docusign", "tenant-7");
        ConnectionRecord full = record(id, "access-full")
                .withAttributes(Map.of("account_id", "a-1", "base_uri", "https://eu.docusign.net"))
                .withStatus(
                        ConnectionStatus.REAUTHORIZATION_REQUIRED,
                        new ConnectionError(FailureKind.REAUTHORIZATION_REQUIRED, "invalid_grant", NOW))
                .withLease(new RefreshLease("pod-1", NOW.plusSeconds(30), "attempt-1"));
        write(full, 0);

        assertThat(read(id).record()).isEqualTo(full);
    }

    @Test
    void createOfAConnectionThatExistsFailsWithStaleVersionAndKeepsTheFirst() {
        ConnectionId id = ConnectionId.of("github", "alice");
        ConnectionRecord first = record(id, "first");
        write(first, 0);

        StepVerifier.create(store.write(record(id, "second"), 0))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(StaleVersionException.class, stale -> {
                    assertThat(stale.connection()).isEqualTo(id);
                    assertThat(stale.expectedVersion()).isZero();
                }))
                .verify(TIMEOUT);

        assertThat(read(id)).isEqualTo(new VersionedRecord(first, 1));
    }

    @Test
    void updateWithTheCurrentVersionReplacesTheRecordAndIncrementsTheVersion() {
        ConnectionId id = ConnectionId.of("github", "alice");
        long v1 = write(record(id, "first"), 0);
        ConnectionRecord second = record(id, "second");

        long v2 = write(second, v1);

        assertThat(v2).isEqualTo(v1 + 1);
        assertThat(read(id)).isEqualTo(new VersionedRecord(second, v2));
    }

    @Test
    void updateWithAStaleVersionFailsAndChangesNothing() {
        ConnectionId id = ConnectionId.of("github", "alice");
        long v1 = write(record(id, "first"), 0);
        ConnectionRecord second = record(id, "second");
        long v2 = write(second, v1);

        StepVerifier.create(store.write(record(id, "lost-update"), v1))
                .expectError(StaleVersionException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store.write(record(id, "from-the-future"), v2 + 1))
                .expectError(StaleVersionException.class)
                .verify(TIMEOUT);

        assertThat(read(id)).isEqualTo(new VersionedRecord(second, v2));
    }

    @Test
    void updateOfAnAbsentConnectionFailsWithStaleVersion() {
        ConnectionId id = ConnectionId.of("github", "ghost");

        StepVerifier.create(store.write(record(id, "x"), 1))
                .expectError(StaleVersionException.class)
                .verify(TIMEOUT);

        StepVerifier.create(store.read(id)).expectComplete().verify(TIMEOUT);
    }

    @Test
    void deletedConnectionReadsAsEmpty() {
        ConnectionId id = ConnectionId.of("github", "alice");
        write(record(id, "first"), 0);

        StepVerifier.create(store.delete(id)).expectComplete().verify(TIMEOUT);

        StepVerifier.create(store.read(id)).expectComplete().verify(TIMEOUT);
    }

    @Test
    void deleteOfAnAbsentConnectionCompletesEmpty() {
        StepVerifier.create(store.delete(ConnectionId.of("github", "nobody")))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void deletedConnectionCanBeCreatedAgainWithExpectedVersionZero() {
        ConnectionId id = ConnectionId.of("github", "alice");
        write(record(id, "first"), 0);
        store.delete(id).block(TIMEOUT);
        ConnectionRecord again = record(id, "reconnected");

        long version = write(again, 0);

        assertThat(version).isPositive();
        assertThat(read(id)).isEqualTo(new VersionedRecord(again, version));
    }

    @Test
    void sameOwnerUnderTwoRegistrationsIsTwoConnections() {
        ConnectionId github = ConnectionId.of("github", "alice");
        ConnectionId gitlab = ConnectionId.of("gitlab", "alice");
        write(record(github, "github-token"), 0);

        StepVerifier.create(store.read(gitlab)).expectComplete().verify(TIMEOUT);
        write(record(gitlab, "gitlab-token"), 0);

        assertThat(read(github).record().accessToken().reveal()).isEqualTo("github-token");
        assertThat(read(gitlab).record().accessToken().reveal()).isEqualTo("gitlab-token");
    }

    @Test
    void listOfARegistrationWithoutConnectionsIsOneEmptyPage() {
        write(record(ConnectionId.of("other", "alice"), "x"), 0);

        ConnectionPage page = store.list("github", null, 10).block(TIMEOUT);

        assertThat(page.records()).isEmpty();
        assertThat(page.hasNext()).isFalse();
    }

    @Test
    void listPagesThroughEveryConnectionOfTheRegistrationExactlyOnce() {
        Set<ConnectionId> expected = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            ConnectionId id = ConnectionId.of("jobs", "user-" + i);
            write(record(id, "token-" + i), 0);
            expected.add(id);
        }
        for (int i = 0; i < 5; i++) {
            write(record(ConnectionId.of("jobs-other", "user-" + i), "other-" + i), 0);
            write(record(ConnectionId.of("a", "user-" + i), "before-" + i), 0);
        }

        List<ConnectionPage> pages = listAll("jobs", 4);

        List<ConnectionId> seen = pages.stream()
                .flatMap(p -> p.records().stream())
                .map(r -> r.record().id())
                .toList();
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        assertThat(pages).allSatisfy(p -> assertThat(p.records()).hasSizeLessThanOrEqualTo(4));
        assertThat(pages).hasSizeGreaterThanOrEqualTo(6);
        assertThat(pages.get(pages.size() - 1).hasNext()).isFalse();
        assertThat(pages.stream().flatMap(p -> p.records().stream()))
                .allSatisfy(r -> assertThat(r.version()).isEqualTo(1));
    }

    @Test
    void listWithAPageSizeOfTheExactCountNeedsNoEmptyPageToFinish() {
        for (int i = 0; i < 3; i++) {
            write(record(ConnectionId.of("jobs", "user-" + i), "token-" + i), 0);
        }

        List<ConnectionPage> pages = listAll("jobs", 1);

        assertThat(pages.stream().mapToInt(p -> p.records().size()).sum()).isEqualTo(3);
        assertThat(pages.get(pages.size() - 1).hasNext()).isFalse();
    }

    @Test
    void listDoesNotShowDeletedConnections() {
        ConnectionId kept = ConnectionId.of("jobs", "kept");
        ConnectionId deleted = ConnectionId.of("jobs", "deleted");
        write(record(kept, "a"), 0);
        write(record(deleted, "b"), 0);
        store.delete(deleted).block(TIMEOUT);

        List<ConnectionId> listed = listAll("jobs", 10).stream()
                .flatMap(p -> p.records().stream())
                .map(r -> r.record().id())
                .toList();

        assertThat(listed).containsExactly(kept);
    }

    @Test
    void ownersThatLookLikePathsOrAreUnusualRoundTripWithoutColliding() {
        List<String> owners = List.of(
                "..",
                "../",
                "../../etc/passwd",
                ".",
                "/",
                "/etc/passwd",
                "a/b",
                "a\\b",
                "C:\\Windows\\win.ini",
                "%2e%2e",
                "%2e%2e%2f",
                "..%2F..%2F",
                "\u0000",
                "a\u0000b",
                "alice\u0000",
                "alice",
                "Alice",
                "ALICE",
                "alice ",
                " ",
                "CON",
                "nul.txt",
                "*?<>|\"",
                "a:b",
                "\n",
                "ünïcødé",
                "日本語のユーザー",
                "🔑👩‍💻",
                "e\u0301",
                "\u00e9",
                "x".repeat(256),
                "é".repeat(128),
                "🔑".repeat(64),
                ".".repeat(256),
                "/".repeat(256));
        List<ConnectionId> ids =
                owners.stream().map(o -> ConnectionId.of("github", o)).toList();
        for (int i = 0; i < ids.size(); i++) {
            write(record(ids.get(i), "token-" + i), 0);
        }

        for (int i = 0; i < ids.size(); i++) {
            VersionedRecord stored = read(ids.get(i));
            assertThat(stored.record().id().owner()).isEqualTo(owners.get(i));
            assertThat(stored.record().accessToken().reveal()).isEqualTo("token-" + i);
            assertThat(stored.version()).isEqualTo(1);
        }
        List<ConnectionId> listed = listAll("github", 7).stream()
                .flatMap(p -> p.records().stream())
                .map(r -> r.record().id())
                .toList();
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void longTokensRoundTripIntact() {
        ConnectionId id = ConnectionId.of("microsoft", "alice");
        String accessToken = randomToken(3_000);
        String refreshToken = randomToken(3_000);
        ConnectionRecord record = ConnectionRecord.connected(
                id,
                new TokenSet(
                        Secret.of(accessToken),
                        NOW.plusSeconds(3600),
                        "Bearer",
                        Secret.of(refreshToken),
                        null,
                        Set.of("User.Read", "offline_access"),
                        null,
                        Map.of()),
                Map.of("tid", "tenant"),
                NOW,
                "generation-1");

        write(record, 0);

        ConnectionRecord stored = read(id).record();
        assertThat(stored.accessToken().reveal()).isEqualTo(accessToken);
        assertThat(stored.refreshToken().reveal()).isEqualTo(refreshToken);
    }

    @Test
    void concurrentCreatesOfOneConnectionHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < RACE_ROUNDS; round++) {
            ConnectionId id = ConnectionId.of("github", "contended-" + round);

            List<Object> outcomes =
                    race(RACERS, i -> store.write(record(id, "racer-" + i), 0).block(TIMEOUT));

            assertExactlyOneWinner(id, outcomes, 1);
        }
    }

    @Test
    void concurrentUpdatesFromOneVersionHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < RACE_ROUNDS; round++) {
            ConnectionId id = ConnectionId.of("github", "contended-" + round);
            long base = write(record(id, "base"), 0);

            List<Object> outcomes = race(
                    RACERS, i -> store.write(record(id, "racer-" + i), base).block(TIMEOUT));

            assertExactlyOneWinner(id, outcomes, base + 1);
        }
    }

    @Test
    void namedAccountsOfOneOwnerAreSeparateConnections() {
        ConnectionId defaultConnection = ConnectionId.of("github", "alice");
        ConnectionId first = ConnectionId.of("github", "alice", "1001");
        ConnectionId second = ConnectionId.of("github", "alice", "2002");
        write(record(defaultConnection, "default"), 0);
        long firstVersion = write(record(first, "first"), 0);
        write(record(second, "second"), 0);

        long updated = write(record(first, "first-updated"), firstVersion);

        assertThat(read(defaultConnection).record().accessToken().reveal()).isEqualTo("default");
        assertThat(read(defaultConnection).version()).isEqualTo(1);
        assertThat(read(first).record().accessToken().reveal()).isEqualTo("first-updated");
        assertThat(read(first).version()).isEqualTo(updated).isEqualTo(firstVersion + 1);
        assertThat(read(first).record().id()).isEqualTo(first);
        assertThat(read(second).record().accessToken().reveal()).isEqualTo("second");
        assertThat(read(second).version()).isEqualTo(1);
    }

    @Test
    void accountsListsTheDefaultConnectionFirstThenEveryNamedAccountOfThatOwnerOnly() {
        ConnectionId alice = ConnectionId.of("github", "alice");
        List<ConnectionId> aliceAccounts =
                List.of(ConnectionId.of("github", "alice", "1001"), ConnectionId.of("github", "alice", "2002"));
        for (ConnectionId id : aliceAccounts) {
            write(record(id, "named"), 0);
        }
        write(record(alice, "default"), 0);
        write(record(ConnectionId.of("github", "bob"), "bob"), 0);
        write(record(ConnectionId.of("github", "bob", "1001"), "bob-named"), 0);
        write(record(ConnectionId.of("github", "alice2"), "other-owner"), 0);
        write(record(ConnectionId.of("google", "alice", "1001"), "other-registration"), 0);

        List<ConnectionId> listed = store.accounts("github", "alice")
                .map(v -> v.record().id())
                .collectList()
                .block(TIMEOUT);

        assertThat(listed).first().isEqualTo(alice);
        assertThat(listed).containsExactlyInAnyOrder(alice, aliceAccounts.get(0), aliceAccounts.get(1));
    }

    @Test
    void accountsOfAnOwnerWithOnlyNamedAccountsAndOfAnUnknownOwner() {
        ConnectionId named = ConnectionId.of("bitbucket", "carol", "{6b1f8e2a-0000-4000-8000-00000000c0de}");
        write(record(named, "named"), 0);

        assertThat(store.accounts("bitbucket", "carol")
                        .map(v -> v.record().id())
                        .collectList()
                        .block(TIMEOUT))
                .containsExactly(named);
        assertThat(store.accounts("bitbucket", "nobody").collectList().block(TIMEOUT))
                .isEmpty();
    }

    @Test
    void listingARegistrationWalksEveryAccountOfEveryOwnerOnce() {
        Set<ConnectionId> written = new HashSet<>();
        for (int owner = 0; owner < 5; owner++) {
            for (int account = 0; account < 3; account++) {
                ConnectionId id = account == 0
                        ? ConnectionId.of("microsoft", "owner-" + owner)
                        : ConnectionId.of("microsoft", "owner-" + owner, "oid-" + account);
                write(record(id, "t-" + owner + "-" + account), 0);
                written.add(id);
            }
        }
        ConnectionId onlyNamed = ConnectionId.of("microsoft", "owner-named-only", "oid-9");
        write(record(onlyNamed, "named-only"), 0);
        written.add(onlyNamed);

        for (int pageSize : new int[] {1, 2, 4, 100}) {
            List<ConnectionId> seen = listAll("microsoft", pageSize).stream()
                    .flatMap(page -> page.records().stream())
                    .map(v -> v.record().id())
                    .toList();
            assertThat(seen).as("page size %s", pageSize).doesNotHaveDuplicates();
            assertThat(seen).as("page size %s", pageSize).containsExactlyInAnyOrderElementsOf(written);
        }
    }

    @Test
    void deletingOneAccountLeavesTheOwnersOtherConnections() {
        ConnectionId defaultConnection = ConnectionId.of("google", "dave");
        ConnectionId first = ConnectionId.of("google", "dave", "sub-1");
        ConnectionId second = ConnectionId.of("google", "dave", "sub-2");
        write(record(defaultConnection, "default"), 0);
        write(record(first, "first"), 0);
        write(record(second, "second"), 0);

        store.delete(first).block(TIMEOUT);
        store.delete(defaultConnection).block(TIMEOUT);

        assertThat(store.read(first).blockOptional(TIMEOUT)).isEmpty();
        assertThat(store.read(defaultConnection).blockOptional(TIMEOUT)).isEmpty();
        assertThat(read(second).record().accessToken().reveal()).isEqualTo("second");
        assertThat(store.accounts("google", "dave")
                        .map(v -> v.record().id())
                        .collectList()
                        .block(TIMEOUT))
                .containsExactly(second);
        assertThat(listAll("google", 10).stream().flatMap(p -> p.records().stream()))
                .extracting(v -> v.record().id())
                .containsExactly(second);
    }

    @Test
    void accountIdsThatLookLikePathsReachNoOtherConnection() {
        List<String> accounts = List.of("../bob", "..", "/", "a/../../b", "%2e%2e", "\\", "ä 名前", "1001/2002");
        ConnectionId bob = ConnectionId.of("github", "bob");
        write(record(bob, "bob"), 0);
        for (String account : accounts) {
            write(record(ConnectionId.of("github", "alice", account), "alice-" + account), 0);
        }

        for (String account : accounts) {
            ConnectionId id = ConnectionId.of("github", "alice", account);
            assertThat(read(id).record().id()).isEqualTo(id);
            assertThat(read(id).record().accessToken().reveal()).isEqualTo("alice-" + account);
        }
        assertThat(read(bob).record().accessToken().reveal()).isEqualTo("bob");
        assertThat(read(bob).version()).isEqualTo(1);
        assertThat(store.accounts("github", "alice").collectList().block(TIMEOUT))
                .hasSize(accounts.size());
    }

    @Test
    void concurrentCreatesOfOneNamedAccountHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < RACE_ROUNDS; round++) {
            ConnectionId id = ConnectionId.of("github", "contended-" + round, "account-" + round);

            List<Object> outcomes =
                    race(RACERS, i -> store.write(record(id, "racer-" + i), 0).block(TIMEOUT));

            assertExactlyOneWinner(id, outcomes, 1);
        }
    }

    private void assertExactlyOneWinner(ConnectionId id, List<Object> outcomes, long winningVersion) {
        List<Integer> winners = IntStream.range(0, outcomes.size())
                .filter(i -> outcomes.get(i) instanceof Long)
                .boxed()
                .toList();
        assertThat(winners).as("racers whose write to %s succeeded", id).hasSize(1);
        assertThat(outcomes.get(winners.get(0))).isEqualTo(winningVersion);
        assertThat(outcomes)
                .filteredOn(o -> !(o instanceof Long))
                .hasSize(outcomes.size() - 1)
                .allSatisfy(o -> assertThat(o).isInstanceOf(StaleVersionException.class));
        VersionedRecord stored = read(id);
        assertThat(stored.version()).isEqualTo(winningVersion);
        assertThat(stored.record().accessToken().reveal()).isEqualTo("racer-" + winners.get(0));
    }

    /** Runs {@code attempt} on {@code threads} threads released together; each outcome is a result or a Throwable. */
    private static List<Object> race(int threads, RaceAttempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int racer = i;
                Callable<Object> task = () -> {
                    ready.countDown();
                    go.await();
                    try {
                        return attempt.run(racer);
                    } catch (RuntimeException e) {
                        return e;
                    }
                };
                futures.add(pool.submit(task));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface RaceAttempt {
        Object run(int racer);
    }

    /** Every page of {@code registration}, following the cursors. */
    protected List<ConnectionPage> listAll(String registration, int pageSize) {
        List<ConnectionPage> pages = new ArrayList<>();
        String cursor = null;
        do {
            ConnectionPage page = store.list(registration, cursor, pageSize).block(TIMEOUT);
            pages.add(page);
            cursor = page.nextCursor();
            assertThat(pages).as("pages of %s", registration).hasSizeLessThan(1_000);
        } while (cursor != null);
        return pages;
    }

    /** A record of {@code id} holding {@code accessToken} (and a refresh token derived from it). */
    protected static ConnectionRecord record(ConnectionId id, String accessToken) {
        TokenSet tokens = new TokenSet(
                Secret.of(accessToken),
                NOW.plus(1, ChronoUnit.HOURS),
                "Bearer",
                Secret.of("refresh-of-" + accessToken),
                NOW.plus(90, ChronoUnit.DAYS),
                Set.of("repo", "read:user"),
                null,
                Map.of());
        return ConnectionRecord.connected(
                id, tokens, Map.of("user_id", "42"), NOW, UUID.randomUUID().toString());
    }

    protected long write(ConnectionRecord record, long expectedVersion) {
        return store.write(record, expectedVersion).block(TIMEOUT);
    }

    protected VersionedRecord read(ConnectionId id) {
        VersionedRecord stored = store.read(id).block(TIMEOUT);
        assertThat(stored).as("stored record of %s", id).isNotNull();
        return stored;
    }

    private static String randomToken(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/";
        Random random = new Random(length);
        return random.ints(length, 0, alphabet.length())
                .mapToObj(alphabet::charAt)
                .map(String::valueOf)
                .collect(Collectors.joining());
    }
}
