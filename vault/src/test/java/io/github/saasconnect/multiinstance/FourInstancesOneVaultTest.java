package io.github.saasconnect.multiinstance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.testsupport.CallersReleasedTogether;
import io.github.saasconnect.token.TokenManager;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Four instances (separate caches, separate Spring Vault clients) share one Vault and one provider that rotates
 * refresh tokens strictly: every refresh token works once, a second use is {@code invalid_grant}. One test counts the
 * Vault requests of a provider whose used refresh token survives, which needs no lease.
 */
class FourInstancesOneVaultTest {

    private static final Logger log = LoggerFactory.getLogger(FourInstancesOneVaultTest.class);

    private final SharedVault shared = new SharedVault();

    @AfterEach
    void close() {
        shared.close();
    }

    private List<TokenManager> fourInstances() {
        return List.of(shared.instance("i1"), shared.instance("i2"), shared.instance("i3"), shared.instance("i4"));
    }

    @Test
    void twoHundredCallersAcrossFourInstancesOnAnExpiredTokenCauseExactlyOneTokenRequest() throws Exception {
        List<TokenManager> instances = fourInstances();
        ConnectionId id = shared.fixture.seedExpired("alice");
        shared.fixture.endpoint.latency(Duration.ofMillis(50));
        AtomicInteger next = new AtomicInteger();

        Set<String> tokens = CallersReleasedTogether.call(
                200, () -> instances.get(next.getAndIncrement() % 4).blocking().accessToken(id));

        assertThat(shared.fixture.endpoint.tokenRequests()).isEqualTo(1);
        assertThat(tokens).hasSize(1).doesNotContain("at-old-alice");
        ConnectionRecord stored = shared.fixture.stored(id);
        assertThat(stored.accessToken().reveal()).isEqualTo(tokens.iterator().next());
        assertThat(shared.fixture.endpoint.isLive(stored.refreshToken().reveal()))
                .isTrue();
        assertThat(shared.fixture.endpoint.invalidGrants()).isZero();
    }

    @Test
    void aRefreshCostsOneVaultReadAndTwoWritesTheLeaseAndTheResult() {
        TokenManager instance = shared.instance("i1");
        ConnectionId id = shared.fixture.seedExpired("alice");
        shared.vault.clearRequests();

        instance.blocking().accessToken(id);

        assertThat(shared.dataRequests("GET")).hasSize(1);
        assertThat(shared.dataRequests("POST"))
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.casPresent()).isTrue())
                .extracting(r -> r.cas().getAsLong())
                .containsExactly(1L, 2L);
        assertThat(shared.vault.requests()).hasSize(3);
    }

    @Test
    void whereTheUsedRefreshTokenSurvivesARefreshCostsOneVaultReadAndOneWrite() {
        shared.fixture.options = java.util.Map.of("rotation", "rotates-old-stays-valid");
        shared.fixture.endpoint.strictRotation(false);
        TokenManager instance = shared.instance("i1");
        ConnectionId id = shared.fixture.seedExpired("alice");
        shared.vault.clearRequests();

        instance.blocking().accessToken(id);

        assertThat(shared.dataRequests("GET")).hasSize(1);
        assertThat(shared.dataRequests("POST"))
                .singleElement()
                .satisfies(r -> assertThat(r.cas().getAsLong()).isEqualTo(1L));
        assertThat(shared.vault.requests()).hasSize(2);
        assertThat(shared.fixture.storedRefreshTokenIsLive(id)).isTrue();
    }

    @Test
    void thousandStrictRotationCyclesAcrossFourInstancesLoseNoConnectionAndNeverReuseARefreshToken() {
        List<TokenManager> instances = fourInstances();
        ConnectionId id = shared.fixture.seedExpired("alice");
        shared.vault.clearRequests();
        long started = System.nanoTime();

        for (int cycle = 0; cycle < 1000; cycle++) {
            shared.fixture.clock.advance(Duration.ofSeconds(3600));
            List<AccessToken> got = Flux.range(0, 8)
                    .flatMap(i -> instances.get(i % 4).accessToken(id).subscribeOn(Schedulers.parallel()))
                    .collectList()
                    .block(Duration.ofSeconds(10));
            assertThat(got)
                    .extracting(t -> t.value().reveal())
                    .containsOnly(got.get(0).value().reveal());
        }

        long writesThatLanded = shared.dataRequests("POST").stream()
                .filter(r -> r.status() == 200)
                .count();
        log.info(
                "1,000 rotations across 4 instances in {} ms; Vault requests per rotation: {} reads (incl. lease "
                        + "polls), {} writes that landed, {} lost lease races",
                (System.nanoTime() - started) / 1_000_000,
                shared.dataRequests("GET").size() / 1000.0,
                writesThatLanded / 1000.0,
                (shared.dataRequests("POST").size() - writesThatLanded) / 1000.0);
        assertThat(writesThatLanded).as("a lease and a result per rotation").isEqualTo(2000);
        assertThat(shared.fixture.endpoint.invalidGrants()).isZero();
        assertThat(shared.fixture.endpoint.tokenRequests()).isEqualTo(1000);
        ConnectionRecord stored = shared.fixture.stored(id);
        assertThat(stored.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(shared.fixture.endpoint.isLive(stored.refreshToken().reveal()))
                .isTrue();
        assertThat(shared.dataRequests("POST"))
                .allSatisfy(r -> assertThat(r.casPresent()).isTrue());
    }
}
