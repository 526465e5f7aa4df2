package io.github.saasconnect.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.testsupport.Await;
import io.github.saasconnect.testsupport.FlakyTokenStore;
import io.github.saasconnect.testsupport.TokenManagerFixture;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A refreshed token set the store does not take is served from memory and written until it lands. */
class PendingWritesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TokenManagerFixture fixture = new TokenManagerFixture();
    private final FlakyTokenStore store = new FlakyTokenStore(fixture.store);

    PendingWritesTest() {
        fixture.store = store;
    }

    @AfterEach
    void close() {
        store.refuseResultWrites(false);
        fixture.close();
    }

    @Test
    void refusedResultWriteStillGivesTheCallerTheNewToken() {
        // Given a store that takes the refresh lease but refuses the result
        ConnectionId id = fixture.seedExpired("alice");
        String storedRefreshToken = fixture.stored(id).refreshToken().reveal();
        TokenManager manager = fixture.manager();
        store.refuseResultWrites(true);

        // When
        AccessToken token = manager.accessToken(id).block(WAIT);

        // Then
        assertThat(fixture.endpoint.issuedTokens()).contains(token.value().reveal());
        assertThat(manager.pendingWrites()).isEqualTo(1);
        assertThat(store.refusedWrites()).isPositive();
        assertThat(fixture.stored(id).refreshToken().reveal()).isEqualTo(storedRefreshToken);
    }

    @Test
    void secondRefreshBeforeTheStoreRecoversUsesThePendingRefreshToken() {
        // Given a refreshed token set held as pending (strict rotation: the stored refresh token is dead)
        ConnectionId id = fixture.seedExpired("alice");
        String deadRefreshToken = fixture.stored(id).refreshToken().reveal();
        TokenManager manager = fixture.manager();
        store.refuseResultWrites(true);
        AccessToken first = manager.accessToken(id).block(WAIT);

        // When the token expires again before the store takes writes
        fixture.clock.advance(Duration.ofSeconds(3601));
        AccessToken second = manager.accessToken(id).block(WAIT);

        // Then the second refresh used the newest (pending) refresh token and was accepted
        assertThat(fixture.endpoint.tokenRequests()).isEqualTo(2);
        assertThat(fixture.endpoint.invalidGrants()).isZero();
        assertThat(fixture.endpoint.requests().get(1).form().get("refresh_token"))
                .isNotEqualTo(deadRefreshToken);
        assertThat(second.value().reveal()).isNotEqualTo(first.value().reveal());
        assertThat(manager.pendingWrites()).isEqualTo(1);
    }

    @Test
    void pendingTokenSetLandsOnceTheStoreRecovers() {
        // Given two refreshes held as pending while the store refused them
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager manager = fixture.manager();
        store.refuseResultWrites(true);
        manager.accessToken(id).block(WAIT);
        fixture.clock.advance(Duration.ofSeconds(3601));
        AccessToken latest = manager.accessToken(id).block(WAIT);
        assertThat(manager.pendingWrites()).isEqualTo(1);

        // When the store takes writes again
        store.refuseResultWrites(false);

        // Then the background retry lands the newest token set
        Await.until("the pending token set is written", WAIT, () -> manager.pendingWrites() == 0);
        ConnectionRecord stored = fixture.stored(id);
        assertThat(stored.accessToken().reveal()).isEqualTo(latest.value().reveal());
        assertThat(stored.lease())
                .as("the finished attempt's lease is not left behind")
                .isNull();
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();
        assertThat(fixture.endpoint.invalidGrants()).isZero();
    }

    @Test
    void anotherInstanceReadingTheStoreAfterTheWriteLandsNeedsNoRefresh() {
        // Given a pending token set that has landed
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager manager = fixture.manager();
        store.refuseResultWrites(true);
        AccessToken token = manager.accessToken(id).block(WAIT);
        store.refuseResultWrites(false);
        Await.until("the pending token set is written", WAIT, () -> manager.pendingWrites() == 0);

        // When another instance asks
        AccessToken elsewhere = fixture.manager("instance-2").accessToken(id).block(WAIT);

        // Then
        assertThat(elsewhere.value().reveal()).isEqualTo(token.value().reveal());
        assertThat(fixture.endpoint.tokenRequests()).isEqualTo(1);
    }
}
