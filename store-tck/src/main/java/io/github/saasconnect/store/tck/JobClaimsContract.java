package io.github.saasconnect.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.store.ClaimOutcome;
import io.github.saasconnect.store.JobClaim;
import io.github.saasconnect.store.JobClaims;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store's {@link JobClaims} must do. A store's test extends this class and says how to make a fresh, empty
 * store and the claims kept beside it; the store is closed after each test when it is {@link AutoCloseable}.
 *
 * <p>Lapse is judged by the claiming replica's clock ({@link JobClaim#claimedAt()}), so the suite needs no clock: a
 * claim made at {@code t0} that lapses 10 minutes later is held at {@code t0 + 1 min} and lapsed at
 * {@code t0 + 11 min}.
 */
public abstract class JobClaimsContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int RACERS = 16;
    private static final String JOB = "nightly-sync";

    protected TokenStore store;
    protected JobClaims claims;

    private static final Duration LAPSE = Duration.ofMinutes(10);

    private final Instant period = Instant.now().truncatedTo(ChronoUnit.HOURS);
    private final Instant t0 = period.plus(1, ChronoUnit.MINUTES);
    private final Instant soon = t0.plus(1, ChronoUnit.MINUTES);
    private final Instant later = t0.plus(LAPSE).plus(1, ChronoUnit.MINUTES);

    /** A new store with no records in it. */
    protected abstract TokenStore createStore() throws Exception;

    /** The claims kept beside {@code store}. */
    protected abstract JobClaims claimsOf(TokenStore store);

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
        claims = claimsOf(store);
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void theFirstClaimOfAPeriodWinsAndAnotherReplicaFindsItHeld() {
        ConnectionId id = connection("alice");

        assertThat(claim(id, "replica-a", period, t0)).isEqualTo(ClaimOutcome.CLAIMED);
        assertThat(claim(id, "replica-b", period, soon)).isEqualTo(ClaimOutcome.HELD_BY_OTHER);
    }

    @Test
    void aCompletedClaimIsDoneForEveryReplicaIncludingItsHolder() {
        ConnectionId id = connection("alice");
        JobClaim mine = claimOf(id, "replica-a", period, t0);
        assertThat(claims.claim(mine).block(TIMEOUT)).isEqualTo(ClaimOutcome.CLAIMED);

        assertThat(claims.complete(mine).block(TIMEOUT)).isTrue();

        assertThat(claim(id, "replica-b", period, soon)).isEqualTo(ClaimOutcome.ALREADY_DONE);
        assertThat(claim(id, "replica-a", period, soon)).isEqualTo(ClaimOutcome.ALREADY_DONE);
        // done stays done after the lapse: only the next period claims the connection again
        assertThat(claim(id, "replica-b", period, later)).isEqualTo(ClaimOutcome.ALREADY_DONE);
    }

    @Test
    void aLapsedClaimIsTakenOverAndItsFormerHolderCannotCompleteIt() {
        ConnectionId id = connection("alice");
        JobClaim dead = claimOf(id, "replica-a", period, t0);
        assertThat(claims.claim(dead).block(TIMEOUT)).isEqualTo(ClaimOutcome.CLAIMED);
        assertThat(claim(id, "replica-b", period, soon)).isEqualTo(ClaimOutcome.HELD_BY_OTHER);

        JobClaim heir = claimOf(id, "replica-b", period, later);
        assertThat(claims.claim(heir).block(TIMEOUT)).isEqualTo(ClaimOutcome.TAKEN_OVER);

        assertThat(claims.complete(dead).block(TIMEOUT)).isFalse();
        assertThat(claim(id, "replica-c", period, later)).isEqualTo(ClaimOutcome.HELD_BY_OTHER);
        assertThat(claims.complete(heir).block(TIMEOUT)).isTrue();
        assertThat(claim(id, "replica-c", period, later)).isEqualTo(ClaimOutcome.ALREADY_DONE);
    }

    @Test
    void aHolderClaimsAgainWhatItHolds() {
        ConnectionId id = connection("alice");
        assertThat(claim(id, "replica-a", period, t0)).isEqualTo(ClaimOutcome.CLAIMED);

        assertThat(claim(id, "replica-a", period, soon)).isEqualTo(ClaimOutcome.CLAIMED);
    }

    @Test
    void theNextPeriodIsClaimedAfreshAndAnEarlierOneIsOver() {
        ConnectionId id = connection("alice");
        JobClaim first = claimOf(id, "replica-a", period, t0);
        claims.claim(first).block(TIMEOUT);
        claims.complete(first).block(TIMEOUT);
        Instant next = period.plus(1, ChronoUnit.HOURS);

        assertThat(claim(id, "replica-b", next, next.plusSeconds(1))).isEqualTo(ClaimOutcome.CLAIMED);
        // a replica whose clock runs behind still thinks it is the first period: that one is over
        assertThat(claim(id, "replica-c", period, later)).isEqualTo(ClaimOutcome.ALREADY_DONE);
        // the first period's holder no longer completes anything
        assertThat(claims.complete(first).block(TIMEOUT)).isFalse();
    }

    @Test
    void jobsAndConnectionsAreClaimedIndependently() {
        ConnectionId alice = connection("alice");
        ConnectionId bob = connection("bob");
        assertThat(claim(alice, "replica-a", period, t0)).isEqualTo(ClaimOutcome.CLAIMED);

        assertThat(claim(bob, "replica-b", period, soon)).isEqualTo(ClaimOutcome.CLAIMED);
        assertThat(claims.claim(new JobClaim("other-job", alice, period, "replica-b", soon, soon.plus(LAPSE)))
                        .block(TIMEOUT))
                .isEqualTo(ClaimOutcome.CLAIMED);
    }

    @Test
    void completingWhatWasNeverClaimedCompletesNothing() {
        ConnectionId id = connection("alice");

        assertThat(claims.complete(claimOf(id, "replica-a", period, t0)).block(TIMEOUT))
                .isFalse();
        assertThat(claim(id, "replica-b", period, soon)).isEqualTo(ClaimOutcome.CLAIMED);
    }

    @Test
    void ofManyReplicasClaimingAtOnceExactlyOneGetsTheConnection() throws Exception {
        ConnectionId id = connection("alice");
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ClaimOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                String replica = "replica-" + i;
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return claim(id, replica, period, t0);
                }));
            }
            start.countDown();
            int mine = 0;
            for (Future<ClaimOutcome> outcome : outcomes) {
                ClaimOutcome got = outcome.get();
                assertThat(got).isIn(ClaimOutcome.CLAIMED, ClaimOutcome.HELD_BY_OTHER);
                mine += got.mine() ? 1 : 0;
            }
            assertThat(mine).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ofManyReplicasTakingOverALapsedClaimExactlyOneGetsIt() throws Exception {
        ConnectionId id = connection("alice");
        claim(id, "dead-replica", period, t0);
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ClaimOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                String replica = "replica-" + i;
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return claim(id, replica, period, later);
                }));
            }
            start.countDown();
            List<ClaimOutcome> got = new ArrayList<>();
            for (Future<ClaimOutcome> outcome : outcomes) {
                got.add(outcome.get());
            }
            assertThat(got).filteredOn(ClaimOutcome::mine).containsExactly(ClaimOutcome.TAKEN_OVER);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void claimsLeaveTheConnectionRecordAndItsVersionAlone() {
        ConnectionId id = connection("alice");
        VersionedRecord before = store.read(id).block(TIMEOUT);
        JobClaim mine = claimOf(id, "replica-a", period, t0);

        claims.claim(mine).block(TIMEOUT);
        claims.complete(mine).block(TIMEOUT);

        VersionedRecord after = store.read(id).block(TIMEOUT);
        assertThat(after).isNotNull();
        assertThat(after.version()).isEqualTo(before.version());
        assertThat(after.record()).isEqualTo(before.record());
    }

    @Test
    void deletingAConnectionDeletesItsClaims() {
        ConnectionId id = connection("alice");
        JobClaim mine = claimOf(id, "replica-a", period, t0);
        claims.claim(mine).block(TIMEOUT);
        claims.complete(mine).block(TIMEOUT);

        store.delete(id).block(TIMEOUT);
        store.write(record(id), 0).block(TIMEOUT);

        // the user connected again: nothing of the old connection's claims is left to say it was done
        assertThat(claim(id, "replica-b", period, soon)).isEqualTo(ClaimOutcome.CLAIMED);
    }

    @Test
    void aBatchOfClaimsIsDecidedClaimByClaimInItsOrder() {
        ConnectionId held = connection("alice");
        ConnectionId done = connection("bob");
        ConnectionId fresh = connection("carol");
        ConnectionId lapsed = connection("dave");
        ConnectionId mineAlready = connection("erin");
        ConnectionId earlierPeriod = connection("frank");
        claim(held, "replica-a", period, t0);
        JobClaim finished = claimOf(done, "replica-a", period, t0);
        claims.claim(finished).block(TIMEOUT);
        claims.complete(finished).block(TIMEOUT);
        claims.claim(new JobClaim(JOB, lapsed, period, "replica-a", t0, t0.plusSeconds(30)))
                .block(TIMEOUT); // lapsed before soon
        claim(mineAlready, "replica-b", period, t0);
        claim(earlierPeriod, "replica-a", period.minus(1, ChronoUnit.HOURS), t0.minus(1, ChronoUnit.HOURS));

        List<JobClaim> batch = List.of(
                claimOf(held, "replica-b", period, soon),
                claimOf(done, "replica-b", period, soon),
                claimOf(fresh, "replica-b", period, soon),
                claimOf(lapsed, "replica-b", period, soon),
                claimOf(mineAlready, "replica-b", period, soon),
                claimOf(earlierPeriod, "replica-b", period, soon));

        assertThat(claims.claimAll(batch).block(TIMEOUT))
                .containsExactly(
                        ClaimOutcome.HELD_BY_OTHER,
                        ClaimOutcome.ALREADY_DONE,
                        ClaimOutcome.CLAIMED,
                        ClaimOutcome.TAKEN_OVER,
                        ClaimOutcome.CLAIMED,
                        ClaimOutcome.CLAIMED);
        // what the batch took is replica-b's as if claimed one by one; what it left is as it was
        for (JobClaim taken : List.of(batch.get(2), batch.get(3), batch.get(4), batch.get(5))) {
            assertThat(claim(taken.connection(), "replica-c", period, soon))
                    .as("%s", taken.connection())
                    .isEqualTo(ClaimOutcome.HELD_BY_OTHER);
            assertThat(claims.complete(taken).block(TIMEOUT)).isTrue();
        }
        assertThat(claims.complete(batch.get(0)).block(TIMEOUT)).isFalse();
        assertThat(claim(held, "replica-a", period, soon)).isEqualTo(ClaimOutcome.CLAIMED);
    }

    @Test
    void anEmptyBatchClaimsNothing() {
        assertThat(claims.claimAll(List.of()).block(TIMEOUT)).isEmpty();
    }

    @Test
    void ofManyReplicasClaimingTheSameBatchInDifferentOrdersEachConnectionGoesToExactlyOne() throws Exception {
        List<ConnectionId> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(connection("user-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Map<ConnectionId, ClaimOutcome>>> outcomes = new ArrayList<>();
            for (int r = 0; r < RACERS; r++) {
                String replica = "replica-" + r;
                List<ConnectionId> order = new ArrayList<>(ids);
                Collections.shuffle(order, new Random(r));
                outcomes.add(pool.submit(() -> {
                    List<JobClaim> batch = order.stream()
                            .map(id -> claimOf(id, replica, period, t0))
                            .toList();
                    start.await();
                    List<ClaimOutcome> got = claims.claimAll(batch).block(TIMEOUT);
                    assertThat(got).hasSize(batch.size());
                    Map<ConnectionId, ClaimOutcome> byId = new HashMap<>();
                    for (int i = 0; i < batch.size(); i++) {
                        byId.put(batch.get(i).connection(), got.get(i));
                    }
                    return byId;
                }));
            }
            start.countDown();
            Map<ConnectionId, Integer> winners = new HashMap<>();
            for (Future<Map<ConnectionId, ClaimOutcome>> outcome : outcomes) {
                outcome.get().forEach((id, got) -> {
                    assertThat(got).isIn(ClaimOutcome.CLAIMED, ClaimOutcome.HELD_BY_OTHER);
                    winners.merge(id, got.mine() ? 1 : 0, Integer::sum);
                });
            }
            assertThat(winners)
                    .hasSize(ids.size())
                    .allSatisfy((id, count) ->
                            assertThat(count).as("replicas that got %s", id).isEqualTo(1));
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code replica}'s claim made {@code at}, lapsing 10 minutes later. */
    private static JobClaim claimOf(ConnectionId id, String replica, Instant periodStart, Instant at) {
        return new JobClaim(JOB, id, periodStart, replica, at, at.plus(LAPSE));
    }

    private ClaimOutcome claim(ConnectionId id, String replica, Instant periodStart, Instant at) {
        return claims.claim(claimOf(id, replica, periodStart, at)).block(TIMEOUT);
    }

    /** A stored connection of {@code owner}: stores may keep claims only for connections they hold. */
    protected ConnectionId connection(String owner) {
        ConnectionId id = ConnectionId.of("github", owner);
        store.write(record(id), 0).block(TIMEOUT);
        return id;
    }

    private static ConnectionRecord record(ConnectionId id) {
        Instant now = Instant.now();
        TokenSet tokens = new TokenSet(
                Secret.of("access-" + UUID.randomUUID()),
                now.plus(1, ChronoUnit.HOURS),
                "Bearer",
                Secret.of("refresh-" + UUID.randomUUID()),
                null,
                Set.of("repo"),
                null,
                Map.of());
        return ConnectionRecord.connected(
                id, tokens, Map.of(), now, UUID.randomUUID().toString());
    }
}
