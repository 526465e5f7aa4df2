package io.github.saasconnect.keepalive;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.client.ApiFixture;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.testkit.sandbox.microsoft.MicrosoftSandbox;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The keep-alive schedule, followed in virtual time. */
class KeepAliveSchedulerTest {

    private static final KeepAliveSettings SIX_HOURLY = new KeepAliveSettings(
            Duration.ofHours(6), Duration.ofMinutes(1), Duration.ofDays(14), Duration.ofDays(14), 4, 100);

    @Test
    void sweepsAfterTheInitialDelayThenEveryIntervalUntilStopped() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        try (ApiFixture<MicrosoftSandbox> microsoft = ApiFixture.microsoft()) {
            CountingStore store = new CountingStore(microsoft.store);
            KeepAliveScheduler scheduler = scheduler(microsoft, store, SIX_HOURLY, on(time));

            scheduler.start();
            time.advanceTimeBy(Duration.ofSeconds(59));
            int beforeDelay = store.lists.get();
            time.advanceTimeBy(Duration.ofSeconds(1));
            int afterDelay = store.lists.get();
            time.advanceTimeBy(Duration.ofHours(12));
            int afterTwoIntervals = store.lists.get();
            scheduler.stop();
            time.advanceTimeBy(Duration.ofHours(24));

            assertThat(beforeDelay).isZero();
            assertThat(afterDelay).isEqualTo(1);
            assertThat(afterTwoIntervals).isEqualTo(3);
            assertThat(store.lists).hasValue(3);
            assertThat(scheduler.isRunning()).isFalse();
        } finally {
            VirtualTimeScheduler.reset();
        }
    }

    @Test
    void aSweepStillRunningIsNotOverlappedAndStoppingCancelsIt() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        try (ApiFixture<MicrosoftSandbox> microsoft = ApiFixture.microsoft()) {
            AtomicInteger cancelled = new AtomicInteger();
            CountingStore store = new CountingStore(microsoft.store) {
                @Override
                public Mono<ConnectionPage> list(String registration, String cursor, int pageSize) {
                    super.list(registration, cursor, pageSize);
                    return Mono.<ConnectionPage>never().doOnCancel(cancelled::incrementAndGet);
                }
            };
            KeepAliveScheduler scheduler = scheduler(microsoft, store, SIX_HOURLY, on(time));

            scheduler.start();
            time.advanceTimeBy(Duration.ofMinutes(1));
            time.advanceTimeBy(Duration.ofHours(24));
            int listsWhileHanging = store.lists.get();
            int cancelledBeforeStop = cancelled.get();
            scheduler.stop();

            assertThat(listsWhileHanging)
                    .as("four ticks came while the first sweep hung; none started a sweep")
                    .isEqualTo(1);
            assertThat(cancelledBeforeStop).isZero();
            assertThat(cancelled).hasValue(1);
        } finally {
            VirtualTimeScheduler.reset();
        }
    }

    @Test
    void theDefaultTimerIsOneDaemonThreadThatKeepsTickingUntilStopped() throws InterruptedException {
        try (ApiFixture<MicrosoftSandbox> microsoft = ApiFixture.microsoft()) {
            CountDownLatch threeSweeps = new CountDownLatch(3);
            AtomicReference<Thread> ticking = new AtomicReference<>();
            CountingStore store = new CountingStore(microsoft.store) {
                @Override
                public Mono<ConnectionPage> list(String registration, String cursor, int pageSize) {
                    ticking.set(Thread.currentThread()); // a sweep lists on the thread that started it
                    threeSweeps.countDown();
                    return super.list(registration, cursor, pageSize);
                }
            };
            KeepAliveSettings everyFiveMillis = new KeepAliveSettings(
                    Duration.ofMillis(5), Duration.ofMillis(1), Duration.ofDays(14), Duration.ofDays(14), 4, 100);
            KeepAliveScheduler scheduler =
                    new KeepAliveScheduler(sweep(microsoft, store, everyFiveMillis), everyFiveMillis);

            scheduler.start();
            boolean sweptThreeTimes = threeSweeps.await(30, TimeUnit.SECONDS);
            scheduler.stop();
            Thread timer = ticking.get();
            timer.join(Duration.ofSeconds(30).toMillis());

            assertThat(sweptThreeTimes).as("the timer kept starting sweeps").isTrue();
            assertThat(timer.getName()).isEqualTo("saas-connect-keep-alive");
            assertThat(timer.isDaemon()).isTrue();
            assertThat(timer.isAlive()).as("the timer thread ends when stopped").isFalse();
            assertThat(scheduler.isRunning()).isFalse();
        }
    }

    private static KeepAliveScheduler scheduler(
            ApiFixture<MicrosoftSandbox> microsoft,
            TokenStore store,
            KeepAliveSettings settings,
            KeepAliveScheduler.Ticker ticker) {
        return new KeepAliveScheduler(sweep(microsoft, store, settings), settings, ticker);
    }

    private static KeepAliveSweep sweep(
            ApiFixture<MicrosoftSandbox> microsoft, TokenStore store, KeepAliveSettings settings) {
        return new KeepAliveSweep(
                store,
                microsoft.tokens(),
                new ProviderRegistry(List.of(microsoft.registration)),
                microsoft.events::add,
                microsoft.clock,
                settings,
                ObservationRegistry.NOOP);
    }

    /** Ticks in virtual time. */
    private static KeepAliveScheduler.Ticker on(VirtualTimeScheduler time) {
        return (tick, initialDelay, interval) -> time.schedulePeriodically(
                tick, initialDelay.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS)::dispose;
    }

    /** Counts list calls: one per sweep of the single registration. */
    private static class CountingStore implements TokenStore {

        final AtomicInteger lists = new AtomicInteger();
        private final TokenStore delegate;

        CountingStore(TokenStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Mono<VersionedRecord> read(ConnectionId id) {
            return delegate.read(id);
        }

        @Override
        public Mono<Long> write(ConnectionRecord record, long expectedVersion) {
            return delegate.write(record, expectedVersion);
        }

        @Override
        public Mono<Void> delete(ConnectionId id) {
            return delegate.delete(id);
        }

        @Override
        public Mono<ConnectionPage> list(String registration, String cursor, int pageSize) {
            if (cursor == null) {
                lists.incrementAndGet();
            }
            return delegate.list(registration, cursor, pageSize);
        }

        @Override
        public String name() {
            return "counting";
        }
    }
}
