package io.github.saasconnect.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.event.ReauthorizationRequiredEvent;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.testsupport.Await;
import io.github.saasconnect.testsupport.CallersReleasedTogether;
import io.github.saasconnect.testsupport.FlakyTokenStore;
import io.github.saasconnect.testsupport.TokenManagerFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The refresh protocol follows the provider's rotation: a refresh lease (1 read, 2 writes) only where a second
 * concurrent refresh would kill the grant; elsewhere a compare-and-set write of the result (1 read, 1 write).
 * Sweeps keep the lease for every provider, so instances sweeping together refresh each connection once.
 */
class RotationAwareRefreshTest {

    private final TokenManagerFixture fixture = new TokenManagerFixture();
    private final FlakyTokenStore store = new FlakyTokenStore(fixture.store);

    RotationAwareRefreshTest() {
        fixture.store = store;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "rotates-old-stays-valid", "rotates-with-grace-period"})
    void aRefreshWhereTheUsedTokenSurvivesCostsOneReadAndOneWrite(String rotation) {
        nonStrict(rotation);
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager manager = fixture.manager();
        int reads = store.reads();
        int writes = store.writes();

        manager.accessToken(id).block(Duration.ofSeconds(10));

        assertThat(store.reads() - reads).isEqualTo(1);
        assertThat(store.writes() - writes).isEqualTo(1);
        assertThat(fixture.endpoint.tokenRequests()).isEqualTo(1);
        assertThat(fixture.stored(id).lease()).isNull();
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();
    }

    @Test
    void aStrictRotationRefreshStillTakesTheLeaseOneReadAndTwoWrites() {
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager manager = fixture.manager();
        int reads = store.reads();
        int writes = store.writes();

        manager.accessToken(id).block(Duration.ofSeconds(10));

        assertThat(store.reads() - reads).isEqualTo(1);
        assertThat(store.writes() - writes).isEqualTo(2);
        assertThat(fixture.stored(id).lease()).isNull();
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();
    }

    @Test
    void withoutTheLeaseTwoHundredCallersOfOneInstanceStillMakeOneRequest() throws Exception {
        nonStrict("rotates-old-stays-valid");
        ConnectionId id = fixture.seedExpired("alice");
        fixture.endpoint.latency(Duration.ofMillis(50));
        TokenManager manager = fixture.manager();

        Set<String> tokens =
                CallersReleasedTogether.call(200, () -> manager.blocking().accessToken(id));

        assertThat(fixture.endpoint.tokenRequests()).isEqualTo(1);
        assertThat(tokens).hasSize(1);
    }

    @Test
    void instancesRacingWithoutTheLeaseEachServeAWorkingTokenAndTheStoreKeepsALiveRefreshToken() throws Exception {
        nonStrict("rotates-old-stays-valid");
        ConnectionId id = fixture.seedExpired("alice");
        fixture.endpoint.latency(Duration.ofMillis(50));
        List<TokenManager> instances = List.of(fixture.manager("i1"), fixture.manager("i2"), fixture.manager("i3"));
        int[] next = {0};

        Set<String> tokens = CallersReleasedTogether.call(60, () -> {
            TokenManager m;
            synchronized (next) {
                m = instances.get(next[0]++ % instances.size());
            }
            return m.blocking().accessToken(id);
        });

        // at most one request per instance: the price of skipping the lease where a second refresh is harmless
        assertThat(fixture.endpoint.tokenRequests()).isBetween(1, instances.size());
        assertThat(tokens).hasSizeLessThanOrEqualTo(instances.size());
        assertThat(fixture.endpoint.invalidGrants()).isZero();
        assertThat(fixture.events(ReauthorizationRequiredEvent.class)).isEmpty();
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();

        // and the stored grant keeps working for the next refresh
        fixture.clock.advance(Duration.ofHours(2));
        fixture.manager("i4").accessToken(id).block(Duration.ofSeconds(10));
        assertThat(fixture.endpoint.invalidGrants()).isZero();
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();
    }

    @Test
    void aResultWriteThatLosesTheRaceKeepsTheWinnersTokensStoredAndServesItsOwnWithoutAnotherRequest() {
        nonStrict("rotates-old-stays-valid");
        ConnectionId id = fixture.seedExpired("alice");
        fixture.endpoint.latency(Duration.ofMillis(300));
        TokenManager manager = fixture.manager();
        VersionedRecord read = store.read(id).block();

        CompletableFuture<AccessToken> ours = manager.accessToken(id).toFuture();
        Await.until("our refresh is on the wire", Duration.ofSeconds(10), () -> fixture.endpoint.tokenRequests() == 1);
        // meanwhile another instance stores the result of its own refresh
        Secret theirs = Secret.of(fixture.endpoint.issueRefreshToken());
        store.write(
                        read.record()
                                .refreshedWith(
                                        new TokenSet(
                                                Secret.of("at-theirs"),
                                                fixture.clock.instant().plusSeconds(3600),
                                                "Bearer",
                                                theirs,
                                                null,
                                                Set.of(),
                                                null,
                                                Map.of()),
                                        fixture.clock.instant()),
                        read.version())
                .block();

        AccessToken served = ours.join();

        assertThat(served.value().reveal()).isNotEqualTo("at-theirs");
        assertThat(fixture.stored(id).refreshToken().sameAs(theirs)).isTrue();
        assertThat(fixture.endpoint.tokenRequests()).isEqualTo(1);
        assertThat(fixture.endpoint.invalidGrants()).isZero();
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();
    }

    private void nonStrict(String rotation) {
        fixture.options = Map.of("rotation", rotation);
        fixture.endpoint.strictRotation(false);
    }
}
