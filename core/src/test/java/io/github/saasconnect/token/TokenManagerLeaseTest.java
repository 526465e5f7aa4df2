package io.github.saasconnect.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.RefreshLease;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.testsupport.Await;
import io.github.saasconnect.testsupport.FlakyTokenStore;
import io.github.saasconnect.testsupport.TokenManagerFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The refresh lease across instances: waiting on a live one, taking over a lapsed one, reusing our own. */
class TokenManagerLeaseTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TokenManagerFixture fixture = new TokenManagerFixture();
    private final FlakyTokenStore store = new FlakyTokenStore(fixture.store);

    TokenManagerLeaseTest() {
        fixture.store = store;
    }

    private final List<CompletableFuture<AccessToken>> callers = new ArrayList<>();

    @AfterEach
    void close() {
        // let callers still waiting on a lease finish, so no polling outlives the test
        fixture.clock.advance(Duration.ofMinutes(5));
        callers.forEach(c -> c.handle((token, failure) -> null)
                .orTimeout(10, TimeUnit.SECONDS)
                .exceptionally(timedOut -> null)
                .join());
        fixture.close();
    }

    @Test
    void liveLeaseOfAnotherInstanceMakesCallersWaitWithoutCallingTheEndpoint() {
        // Given an expired connection whose lease another instance took 5 s ago and then died with
        ConnectionId id = fixture.seedExpired("alice");
        fixture.putLease(
                id, new RefreshLease("dead-instance", fixture.clock.instant().plusSeconds(25), "attempt-1"));
        TokenManager one = fixture.manager("instance-1");
        TokenManager two = fixture.manager("instance-2");

        // When callers on two instances ask for a token
        int readsBefore = store.reads();
        callers.addAll(List.of(
                one.accessToken(id).toFuture(),
                one.accessToken(id).toFuture(),
                two.accessToken(id).toFuture()));
        Await.until("callers look at the lease again and again", WAIT, () -> store.reads() >= readsBefore + 20);

        // Then they wait: no token request, no answer yet
        assertThat(callers).noneMatch(CompletableFuture::isDone);
        assertThat(fixture.endpoint.tokenRequests()).isZero();
        assertThat(fixture.stored(id).lease().holder()).isEqualTo("dead-instance");
    }

    @Test
    void aLeaseThatStaysLiveFailsTheCallerOnceLeaseWaitHasBeenWaitedWhateverThePollInterval() {
        // Given another instance's lease that never lapses (the clock stands still), a 40 ms poll and 200 ms to wait
        ConnectionId id = fixture.seedExpired("alice");
        fixture.putLease(
                id, new RefreshLease("stuck-instance", fixture.clock.instant().plusSeconds(25), "attempt-1"));
        TokenManagerSettings s = fixture.settings;
        fixture.settings = new TokenManagerSettings(
                s.instanceId(),
                s.leaseDuration(),
                Duration.ofMillis(40),
                Duration.ofMillis(200),
                s.pendingWrites(),
                s.blockingTimeout());
        TokenManager manager = fixture.manager("instance-1");
        int readsBefore = store.reads();

        // When a caller asks for a token
        Throwable failure = catchThrowable(() -> manager.accessToken(id).block(WAIT));

        // Then it fails as transient after five polls (200 ms of waiting: 6 looks at the lease, after the cache's
        // read), naming the setting, and calls no endpoint
        assertThat(failure)
                .isInstanceOf(TransientFailureException.class)
                .hasMessageContaining("stuck-instance")
                .hasMessageContaining("saas-connect.token.lease-wait (PT0.2S)");
        assertThat(store.reads() - readsBefore).isEqualTo(7);
        assertThat(fixture.endpoint.tokenRequests()).isZero();
        assertThat(fixture.stored(id).lease().holder()).isEqualTo("stuck-instance");
    }

    @Test
    void lapsedLeaseOfAnotherInstanceIsTakenOverAndTheRefreshSucceeds() throws Exception {
        // Given callers waiting on the lease of a dead instance
        ConnectionId id = fixture.seedExpired("alice");
        fixture.putLease(
                id, new RefreshLease("dead-instance", fixture.clock.instant().plusSeconds(25), "attempt-1"));
        TokenManager one = fixture.manager("instance-1");
        TokenManager two = fixture.manager("instance-2");
        int readsBefore = store.reads();
        callers.addAll(List.of(
                one.accessToken(id).toFuture(),
                one.accessToken(id).toFuture(),
                two.accessToken(id).toFuture()));
        Await.until("callers are waiting on the lease", WAIT, () -> store.reads() >= readsBefore + 4);

        // When the clock passes the lease's end
        fixture.clock.advance(Duration.ofSeconds(26));

        // Then one of them takes over, refreshes once, and all get its token
        List<String> tokens = callers.stream().map(TokenManagerLeaseTest::join).toList();
        assertThat(fixture.endpoint.tokenRequests()).isEqualTo(1);
        ConnectionRecord stored = fixture.stored(id);
        assertThat(tokens).containsOnly(stored.accessToken().reveal());
        assertThat(stored.lease()).isNull();
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();
    }

    @Test
    void leaseThisInstanceHeldInAnEarlierCrashedAttemptIsReused() {
        // Given a live lease held by this very instance (it crashed and restarted under the same id)
        ConnectionId id = fixture.seedExpired("alice");
        fixture.putLease(
                id, new RefreshLease("instance-1", fixture.clock.instant().plusSeconds(25), "attempt-1"));
        TokenManager manager = fixture.manager("instance-1");
        int readsBefore = store.reads();

        // When
        AccessToken token = manager.accessToken(id).block(WAIT);

        // Then it refreshes at once, without waiting for its own lease to lapse
        assertThat(fixture.endpoint.tokenRequests()).isEqualTo(1);
        assertThat(store.reads() - readsBefore).as("reads: no polling").isLessThanOrEqualTo(2);
        ConnectionRecord stored = fixture.stored(id);
        assertThat(stored.accessToken().reveal()).isEqualTo(token.value().reveal());
        assertThat(stored.lease()).isNull();
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();
    }

    @Test
    void waitingCallersTakeTheTokenAnotherInstanceStoresWithoutRefreshing() throws Exception {
        // Given callers waiting on the live lease of another instance
        ConnectionId id = fixture.seedExpired("alice");
        fixture.putLease(
                id, new RefreshLease("instance-9", fixture.clock.instant().plusSeconds(25), "attempt-1"));
        TokenManager manager = fixture.manager("instance-1");
        int readsBefore = store.reads();
        CompletableFuture<AccessToken> caller = manager.accessToken(id).toFuture();
        callers.add(caller);
        Await.until("the caller is waiting on the lease", WAIT, () -> store.reads() >= readsBefore + 4);

        // When that instance finishes its refresh and stores the result
        AccessToken theirs = fixture.manager("instance-9").accessToken(id).block(WAIT);

        // Then the waiting caller gets the stored token; the endpoint was called once in all
        assertThat(caller.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).value().reveal())
                .isEqualTo(theirs.value().reveal());
        assertThat(fixture.endpoint.tokenRequests()).isEqualTo(1);
    }

    private static String join(CompletableFuture<AccessToken> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).value().reveal();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
