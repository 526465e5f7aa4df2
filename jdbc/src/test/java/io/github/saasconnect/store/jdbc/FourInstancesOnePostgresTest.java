package io.github.saasconnect.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.testsupport.CallersReleasedTogether;
import io.github.saasconnect.testsupport.FlakyTokenStore;
import io.github.saasconnect.testsupport.TokenManagerFixture;
import io.github.saasconnect.token.TokenManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Four instances (separate caches, separate connection pools, separate stores) share one PostgreSQL database and one
 * provider that rotates refresh tokens strictly: every refresh token works once, a second use is
 * {@code invalid_grant}. The same shape as the Vault store's multi-instance tests.
 */
class FourInstancesOnePostgresTest {

    private static final Logger log = LoggerFactory.getLogger(FourInstancesOnePostgresTest.class);

    private TestDatabase db;
    private final TokenManagerFixture fixture = new TokenManagerFixture();
    private final List<JdbcTokenStore> stores = new ArrayList<>();
    private final List<FlakyTokenStore> counted = new ArrayList<>();

    @BeforeEach
    void openDatabase() {
        db = TestDatabase.postgres();
    }

    @AfterEach
    void close() {
        fixture.close();
        stores.forEach(JdbcTokenStore::close);
        if (db != null) {
            db.close();
        }
    }

    /** A new instance: its own pool, store and token manager. */
    private TokenManager instance(String name) {
        JdbcTokenStore store = TestStores.store(db.newDataSource());
        stores.add(store);
        FlakyTokenStore counting = new FlakyTokenStore(store);
        counted.add(counting);
        fixture.store = counting;
        return fixture.manager(name);
    }

    private List<TokenManager> fourInstances() {
        return List.of(instance("i1"), instance("i2"), instance("i3"), instance("i4"));
    }

    private int total(ToIntFunction<FlakyTokenStore> counter) {
        return counted.stream().mapToInt(counter).sum();
    }

    @Test
    void twoHundredCallersAcrossFourInstancesOnAnExpiredTokenCauseExactlyOneTokenRequest() throws Exception {
        List<TokenManager> instances = fourInstances();
        ConnectionId id = fixture.seedExpired("alice");
        fixture.endpoint.latency(Duration.ofMillis(50));
        AtomicInteger next = new AtomicInteger();

        Set<String> tokens = CallersReleasedTogether.call(
                200, () -> instances.get(next.getAndIncrement() % 4).blocking().accessToken(id));

        assertThat(fixture.endpoint.tokenRequests()).isEqualTo(1);
        assertThat(tokens).hasSize(1).doesNotContain("at-old-alice");
        ConnectionRecord stored = fixture.stored(id);
        assertThat(stored.accessToken().reveal()).isEqualTo(tokens.iterator().next());
        assertThat(fixture.endpoint.isLive(stored.refreshToken().reveal())).isTrue();
        assertThat(fixture.endpoint.invalidGrants()).isZero();
    }

    @Test
    void aRefreshCostsOneReadAndTwoCompareAndSetWritesTheLeaseAndTheResult() {
        TokenManager instance = instance("i1");
        ConnectionId id = fixture.seedExpired("alice");
        FlakyTokenStore store = counted.get(0);
        int writesBefore = store.writes();

        instance.blocking().accessToken(id);

        assertThat(store.reads()).isEqualTo(1);
        assertThat(store.writes() - writesBefore).isEqualTo(2);
        assertThat(store.delegate().read(id).block().version())
                .as("each write that landed moved the version on")
                .isEqualTo(3);
    }

    @Test
    void thousandStrictRotationCyclesAcrossFourInstancesLoseNoConnectionAndNeverReuseARefreshToken() {
        List<TokenManager> instances = fourInstances();
        ConnectionId id = fixture.seedExpired("alice");
        int readsBefore = total(FlakyTokenStore::reads);
        int writesBefore = total(FlakyTokenStore::writes);
        long started = System.nanoTime();

        for (int cycle = 0; cycle < 1000; cycle++) {
            fixture.clock.advance(Duration.ofSeconds(3600));
            List<AccessToken> got = Flux.range(0, 8)
                    .flatMap(i -> instances.get(i % 4).accessToken(id).subscribeOn(Schedulers.parallel()))
                    .collectList()
                    .block(Duration.ofSeconds(10));
            assertThat(got)
                    .extracting(t -> t.value().reveal())
                    .containsOnly(got.get(0).value().reveal());
        }

        // every write that lands moves the version on by one; the others lost a compare-and-set
        long writesLanded = fixture.store.read(id).block().version() - 1;
        int writes = total(FlakyTokenStore::writes) - writesBefore;
        log.info(
                "1,000 rotations across 4 instances on PostgreSQL in {} ms; store calls per rotation: {} reads (incl. "
                        + "lease polls), {} writes that landed, {} lost compare-and-sets",
                (System.nanoTime() - started) / 1_000_000,
                (total(FlakyTokenStore::reads) - readsBefore) / 1000.0,
                writesLanded / 1000.0,
                (writes - writesLanded) / 1000.0);
        assertThat(writesLanded).as("a lease and a result per rotation").isEqualTo(2000);
        assertThat(fixture.endpoint.invalidGrants()).isZero();
        assertThat(fixture.endpoint.tokenRequests()).isEqualTo(1000);
        ConnectionRecord stored = fixture.stored(id);
        assertThat(stored.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(fixture.endpoint.isLive(stored.refreshToken().reveal())).isTrue();
    }
}
