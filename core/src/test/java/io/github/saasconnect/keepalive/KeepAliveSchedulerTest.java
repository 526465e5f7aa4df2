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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The keep-alive schedule, followed in virtual time. */
class KeepAliveSchedulerTest {

    @Test
    void sweepsAfterTheInitialDelayThenEveryIntervalUntilStopped() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        try (ApiFixture<MicrosoftSandbox> microsoft = ApiFixture.microsoft()) {
            CountingStore store = new CountingStore(microsoft.store);
            KeepAliveSettings settings = new KeepAliveSettings(Duration.ofHours(6), Duration.ofMinutes(1),
                    Duration.ofDays(14), Duration.ofDays(14), 4, 100);
            KeepAliveScheduler scheduler = new KeepAliveScheduler(new KeepAliveSweep(store, microsoft.tokens(),
                    new ProviderRegistry(List.of(microsoft.registration)), microsoft.events::add, microsoft.clock,
                    settings), settings);

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

    /** Counts list calls: one per sweep of the single registration. */
    private static final class CountingStore implements TokenStore {

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
