package io.github.saasconnect.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.testsupport.CallersReleasedTogether;
import io.github.saasconnect.testsupport.TokenManagerFixture;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

class TokenManagerConcurrencyTest {

    private final TokenManagerFixture fixture = new TokenManagerFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void twoHundredCallersOnAnExpiredTokenCauseExactlyOneTokenRequest() throws Exception {
        ConnectionId id = fixture.seedExpired("alice");
        fixture.endpoint.latency(Duration.ofMillis(50));
        TokenManager manager = fixture.manager();

        Set<String> tokens =
                CallersReleasedTogether.call(200, () -> manager.blocking().accessToken(id));

        assertThat(fixture.endpoint.tokenRequests()).isEqualTo(1);
        assertThat(tokens).hasSize(1);
        assertThat(fixture.stored(id).accessToken().reveal())
                .isEqualTo(tokens.iterator().next());
    }

    @Test
    void twoHundredCallersAcrossFourInstancesSharingAStoreCauseOneTokenRequest() throws Exception {
        ConnectionId id = fixture.seedExpired("alice");
        fixture.endpoint.latency(Duration.ofMillis(50));
        List<TokenManager> instances =
                List.of(fixture.manager("i1"), fixture.manager("i2"), fixture.manager("i3"), fixture.manager("i4"));
        int[] next = {0};

        Set<String> tokens = CallersReleasedTogether.call(200, () -> {
            TokenManager m;
            synchronized (next) {
                m = instances.get(next[0]++ % 4);
            }
            return m.blocking().accessToken(id);
        });

        assertThat(fixture.endpoint.tokenRequests()).isEqualTo(1);
        assertThat(tokens).hasSize(1);
    }

    @Test
    void thousandStrictRotationCyclesUnderConcurrentCallersLoseNoConnection() {
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager a = fixture.manager("a");
        TokenManager b = fixture.manager("b");

        for (int cycle = 0; cycle < 1000; cycle++) {
            fixture.clock.advance(Duration.ofSeconds(3600));
            List<AccessToken> got = Flux.range(0, 8)
                    .flatMap(i -> (i % 2 == 0 ? a : b).accessToken(id).subscribeOn(Schedulers.parallel()))
                    .collectList()
                    .block(Duration.ofSeconds(10));
            assertThat(got)
                    .extracting(t -> t.value().reveal())
                    .containsOnly(got.get(0).value().reveal());
        }

        assertThat(fixture.endpoint.invalidGrants()).isZero();
        assertThat(fixture.endpoint.tokenRequests()).isEqualTo(1000);
        assertThat(fixture.stored(id).status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(fixture.endpoint.isLive(fixture.stored(id).refreshToken().reveal()))
                .isTrue();
    }
}
