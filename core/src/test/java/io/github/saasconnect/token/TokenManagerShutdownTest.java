package io.github.saasconnect.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.failure.ShuttingDownException;
import io.github.saasconnect.resilience.Backoff;
import io.github.saasconnect.testsupport.Await;
import io.github.saasconnect.testsupport.FlakyTokenStore;
import io.github.saasconnect.testsupport.TokenManagerFixture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Sinks;

/**
 * The token manager's part in a graceful shutdown: refreshes in flight finish and land, new ones are refused,
 * cache hits keep being served, pending writes get their final attempts, and a grace period that runs out is
 * reported with counts.
 */
class TokenManagerShutdownTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final TokenManagerFixture fixture = new TokenManagerFixture();
    private final FlakyTokenStore store = new FlakyTokenStore(fixture.store);
    /** The application's own thread, which Spring's graceful shutdown knows nothing about. */
    private final ExecutorService appThread = Executors.newSingleThreadExecutor();

    private final Sinks.Empty<Void> answer = Sinks.empty();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger managerLog = (Logger) LoggerFactory.getLogger(TokenManager.class);

    TokenManagerShutdownTest() {
        fixture.store = store;
        logged.start();
        managerLog.addAppender(logged);
    }

    @AfterEach
    void close() {
        answer.tryEmitEmpty();
        appThread.shutdownNow();
        managerLog.detachAppender(logged);
        fixture.close();
    }

    @Test
    void refreshInFlightOnAnApplicationThreadLandsBeforeShutdownReturns() throws Exception {
        // Given a refresh on the application's own thread that holds the lease and has not stored its result
        ConnectionId id = fixture.seedExpired("alice");
        String used = fixture.stored(id).refreshToken().reveal();
        TokenManager manager = fixture.manager();
        CompletableFuture<AccessToken> caller = refreshHeldAfterTakingTheLease(manager, id);

        // When the application shuts down, and only then the refresh goes on
        CompletableFuture<ShutdownReport> shutdown = shutdownOnItsOwnThread(manager, GRACE);
        answer.tryEmitEmpty();

        // Then the shutdown returned only after the rotated tokens were stored, without the lease
        assertThat(shutdown.get(10, TimeUnit.SECONDS)).isEqualTo(new ShutdownReport(0, 0));
        ConnectionRecord stored = fixture.stored(id);
        assertThat(stored.refreshToken().reveal()).isNotEqualTo(used);
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();
        assertThat(stored.lease()).isNull();
        assertThat(caller.get(10, TimeUnit.SECONDS).value().sameAs(stored.accessToken()))
                .isTrue();
    }

    @Test
    void refreshThatWouldCallTheTokenEndpointDuringShutdownFailsFast() {
        // Given a connection whose access token has expired, and a token manager that has been shut down
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager manager = fixture.manager();
        assertThat(manager.shutdown(GRACE).complete()).isTrue();

        // When a caller needs a token for it, Then it fails at once with a transient, typed failure
        assertThatThrownBy(() -> manager.blocking().accessToken(id))
                .isInstanceOfSatisfying(ShuttingDownException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT);
                    assertThat(e.connection()).isEqualTo(id);
                    assertThat(e).hasMessageContaining("shutting down");
                });
        // and neither the token endpoint nor the lease was touched
        assertThat(fixture.endpoint.tokenRequests()).isZero();
        assertThat(fixture.stored(id).lease()).isNull();
    }

    @Test
    void cachedTokensAreServedDuringShutdown() {
        // Given a token refreshed and cached before the shutdown
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager manager = fixture.manager();
        AccessToken cached = manager.blocking().accessToken(id);
        manager.shutdown(GRACE);

        // When callers ask again, Then they get the cached token, reactive and blocking alike
        assertThat(manager.accessToken(id).block(WAIT)).isSameAs(cached);
        assertThat(manager.blocking().accessToken(id)).isSameAs(cached);
        assertThat(fixture.endpoint.tokenRequests()).isEqualTo(1);
    }

    @Test
    void refreshedTokensTheStoreRefusedGetTheirFinalWriteAtShutdown() {
        // Given refreshed tokens the store refused, with the background retry an hour away
        fixture.settings = new TokenManagerSettings(
                "instance-1",
                Duration.ofSeconds(30),
                Duration.ofMillis(2),
                Duration.ofSeconds(60),
                new Backoff(Duration.ofHours(1), 2.0, Duration.ofHours(1)),
                Duration.ofSeconds(30));
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager manager = fixture.manager();
        store.refuseResultWrites(true);
        AccessToken served = manager.blocking().accessToken(id);
        assertThat(manager.pendingWrites()).isEqualTo(1);

        // When the store takes writes again and the application shuts down
        store.refuseResultWrites(false);
        ShutdownReport report = manager.shutdown(GRACE);

        // Then the shutdown wrote them: the store holds the served, rotated tokens and no lease
        assertThat(report).isEqualTo(new ShutdownReport(0, 0));
        ConnectionRecord stored = fixture.stored(id);
        assertThat(stored.accessToken().sameAs(served.value())).isTrue();
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();
        assertThat(stored.lease()).isNull();
    }

    @Test
    void gracePeriodRunningOutIsReportedWithCountsAndNoToken() throws Exception {
        // Given a refresh in flight that will not finish in time, and refreshed tokens the store keeps refusing
        ConnectionId bob = fixture.seedExpired("bob");
        ConnectionId alice = fixture.seedExpired("alice");
        TokenManager manager = fixture.manager();
        store.refuseResultWrites(true);
        manager.blocking().accessToken(bob);
        String stuck = fixture.stored(alice).refreshToken().reveal();
        refreshHeldAfterTakingTheLease(manager, alice);

        // When the application shuts down with a short grace period
        ShutdownReport report = manager.shutdown(Duration.ofMillis(50));

        // Then the shutdown gives up and says what it left behind, and no secret
        assertThat(report).isEqualTo(new ShutdownReport(1, 1));
        ILoggingEvent warning = logged.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .filter(e -> e.getFormattedMessage().contains("grace period"))
                .findFirst()
                .orElseThrow();
        assertThat(warning.getFormattedMessage())
                .contains(
                        "1 refresh(es) still in flight",
                        "1 refreshed token set(s) not written",
                        "saas-connect.token.shutdown-grace-period")
                .doesNotContain(stuck);
        fixture.endpoint
                .issuedTokens()
                .forEach(t -> assertThat(warning.getFormattedMessage()).doesNotContain(t));
    }

    @Test
    void lifecycleStopShutsDownAndStartLetsRefreshesRunAgain() {
        // Given a token manager whose lifecycle stopped
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager manager = fixture.manager();
        TokenManagerLifecycle lifecycle = new TokenManagerLifecycle(manager, GRACE);
        lifecycle.start();
        lifecycle.stop();
        assertThat(lifecycle.isRunning()).isFalse();
        assertThatThrownBy(() -> manager.blocking().accessToken(id)).isInstanceOf(ShuttingDownException.class);

        // When the context starts again, Then refreshes run again
        lifecycle.start();
        assertThat(lifecycle.isRunning()).isTrue();
        assertThat(manager.blocking().accessToken(id)).isNotNull();
        assertThat(fixture.endpoint.tokenRequests()).isEqualTo(1);
    }

    /**
     * Starts a blocking refresh of {@code id} on the application's thread and returns once it holds the lease;
     * it goes on when {@link #answer} is emitted.
     */
    private CompletableFuture<AccessToken> refreshHeldAfterTakingTheLease(TokenManager manager, ConnectionId id) {
        store.afterNextLeaseWrite(written -> answer.asMono());
        CompletableFuture<AccessToken> caller =
                CompletableFuture.supplyAsync(() -> manager.blocking().accessToken(id), appThread);
        Await.until(
                "the refresh holds the lease", WAIT, () -> fixture.stored(id).lease() != null);
        return caller;
    }

    /** Runs {@code shutdown} on a thread of its own and returns once it waits (or has returned). */
    private static CompletableFuture<ShutdownReport> shutdownOnItsOwnThread(TokenManager manager, Duration grace) {
        CompletableFuture<ShutdownReport> result = new CompletableFuture<>();
        Thread stopping = new Thread(
                () -> {
                    try {
                        result.complete(manager.shutdown(grace));
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                },
                "shutdown-hook");
        stopping.start();
        Await.until(
                "the shutdown waits for the refresh in flight",
                WAIT,
                () -> result.isDone() || stopping.getState() == Thread.State.TIMED_WAITING);
        assertThat(result).as("shutdown returned while a refresh was in flight").isNotDone();
        return result;
    }
}
