package io.github.saasconnect.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.testsupport.TokenManagerFixture;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The token cache counts hits and misses per registration, each lookup exactly once, and counting keeps the hit path
 * free of allocation.
 */
class CacheHitCountingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TokenManagerFixture fixture = new TokenManagerFixture();
    private final Map<String, CacheCounter> counters = new HashMap<>();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void theManagerHasOneCounterPerRegistrationFromTheStart() {
        // When
        TokenManager manager = manager();

        // Then
        assertThat(counters).containsOnlyKeys(TokenManagerFixture.REGISTRATION);
        assertThat(counters.get(TokenManagerFixture.REGISTRATION).hits()).isZero();
        assertThat(counters.get(TokenManagerFixture.REGISTRATION).misses()).isZero();
        assertThat(manager.cacheCounter("not-registered")).isNotSameAs(counters.get(TokenManagerFixture.REGISTRATION));
    }

    /** A manager whose counters are collected, as a meter binder would read them. */
    private TokenManager manager() {
        TokenManager manager = fixture.manager();
        counters.put(TokenManagerFixture.REGISTRATION, manager.cacheCounter(TokenManagerFixture.REGISTRATION));
        return manager;
    }

    @Test
    void aLoadIsAMissAndLaterLookupsOnEitherApiAreHits() {
        // Given
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager manager = manager();
        CacheCounter counter = counters.get(TokenManagerFixture.REGISTRATION);

        // When
        manager.accessToken(id).block(WAIT);
        manager.accessToken(id).block(WAIT);
        manager.blocking().accessToken(id);
        manager.blocking().accessToken(id);

        // Then
        assertThat(counter.misses()).isEqualTo(1);
        assertThat(counter.hits()).isEqualTo(3);
    }

    @Test
    void aBlockingLookupThatMissesIsCountedOnceNotTwice() {
        // Given
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager manager = manager();
        CacheCounter counter = counters.get(TokenManagerFixture.REGISTRATION);

        // When
        manager.blocking().accessToken(id);

        // Then
        assertThat(counter.misses()).isEqualTo(1);
        assertThat(counter.hits()).isZero();
    }

    @Test
    void aTokenInsideItsRefreshWindowIsAMiss() {
        // Given a cached token that expires in an hour, with a 60 s skew
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager manager = manager();
        manager.accessToken(id).block(WAIT);
        CacheCounter counter = counters.get(TokenManagerFixture.REGISTRATION);

        // When the clock enters the refresh window
        fixture.clock.advance(Duration.ofMinutes(59).plusSeconds(30));
        manager.accessToken(id).block(WAIT);

        // Then
        assertThat(counter.misses()).isEqualTo(2);
        assertThat(counter.hits()).isZero();
    }

    @Test
    void countingAHitAllocatesNothingOnTheBlockingPath() {
        // Given a cached token
        ConnectionId id = fixture.seedExpired("alice");
        BlockingTokenManager blocking = manager().blocking();
        blocking.accessToken(id);

        // When a million hits run after a warm-up
        long bytes = allocatedBy(() -> {
            for (int i = 0; i < 1_000_000; i++) {
                consume(blocking.accessToken(id));
            }
        });

        // Then well under a byte per hit (the measuring itself allocates a little), and every hit was counted
        assertThat(bytes).isLessThan(100_000);
        assertThat(counters.get(TokenManagerFixture.REGISTRATION).hits()).isEqualTo(3_000_000);
    }

    @Test
    void countingAHitAllocatesNothingOnTheReactivePath() {
        // Given a cached token
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager manager = manager();
        manager.accessToken(id).block(WAIT);

        // When a million hits run after a warm-up (the Mono is the cached one: nothing to subscribe to)
        long bytes = allocatedBy(() -> {
            for (int i = 0; i < 1_000_000; i++) {
                consume(manager.accessToken(id));
            }
        });

        // Then
        assertThat(bytes).isLessThan(100_000);
    }

    private static Object sink;

    private static void consume(Object o) {
        sink = o;
    }

    /** Bytes the current thread allocated running {@code work}, after running it once to warm up. */
    private static long allocatedBy(Runnable work) {
        work.run();
        work.run();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        work.run();
        long after = threads.getThreadAllocatedBytes(thread);
        assertThat(sink).isInstanceOfAny(AccessToken.class, reactor.core.publisher.Mono.class);
        return after - before;
    }
}
