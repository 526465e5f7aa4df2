package io.github.saasconnect.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.testsupport.FlakyTokenStore;
import io.github.saasconnect.testsupport.TokenManagerFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The token cache holds the connections used lately, not every connection ever used. */
class TokenCacheBoundTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TokenManagerFixture fixture = new TokenManagerFixture();
    private final FlakyTokenStore store = new FlakyTokenStore(fixture.store);

    TokenCacheBoundTest() {
        fixture.store = store;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aTokenThatNeverExpiresIsServedFromTheCacheForAnHourThenLookedUpInTheStoreAgain() {
        ConnectionId id = seedNeverExpiring("alice");
        TokenManager manager = fixture.manager();
        manager.accessToken(id).block(WAIT);
        int reads = store.reads();

        fixture.clock.advance(TokenManager.CACHE_MAX_AGE.minusSeconds(1));
        manager.accessToken(id).block(WAIT);
        assertThat(store.reads()).isEqualTo(reads);

        fixture.clock.advance(Duration.ofSeconds(1));
        manager.accessToken(id).block(WAIT);
        assertThat(store.reads()).isEqualTo(reads + 1);
        assertThat(fixture.endpoint.tokenRequests()).isZero();
    }

    @Test
    void entriesNoHitCanServeAreDroppedAsNewOnesArrive() {
        TokenManager manager = fixture.manager();
        for (int i = 0; i < TokenManager.PURGE_EVERY - 1; i++) {
            manager.accessToken(seedNeverExpiring("early" + i)).block(WAIT);
        }
        assertThat(manager.cachedConnections()).isEqualTo(TokenManager.PURGE_EVERY - 1);

        fixture.clock.advance(TokenManager.CACHE_MAX_AGE.plusMinutes(1));
        manager.accessToken(seedNeverExpiring("late")).block(WAIT);

        assertThat(manager.cachedConnections()).isEqualTo(1);
    }

    @Test
    void droppingStaleEntriesKeepsTheOnesAHitCanStillServe() {
        TokenManager manager = fixture.manager();
        manager.accessToken(seedNeverExpiring("old")).block(WAIT);
        fixture.clock.advance(Duration.ofMinutes(40));
        ConnectionId recent = seedNeverExpiring("recent");
        manager.accessToken(recent).block(WAIT);
        fixture.clock.advance(Duration.ofMinutes(30));

        assertThat(manager.dropStaleEntries()).isEqualTo(1);

        assertThat(manager.cachedConnections()).isEqualTo(1);
        int reads = store.reads();
        manager.accessToken(recent).block(WAIT);
        assertThat(store.reads()).as("served from the cache").isEqualTo(reads);
    }

    private ConnectionId seedNeverExpiring(String owner) {
        ConnectionId id = ConnectionId.of(TokenManagerFixture.REGISTRATION, owner);
        Instant now = fixture.clock.instant();
        store.write(
                        new ConnectionRecord(
                                ConnectionRecord.CURRENT_SCHEMA,
                                id,
                                ConnectionStatus.ACTIVE,
                                null,
                                null,
                                Secret.of("at-" + owner),
                                null,
                                "Bearer",
                                Set.of("read"),
                                Map.of(),
                                now,
                                now,
                                null,
                                null,
                                "g1"),
                        0)
                .block(WAIT);
        return id;
    }
}
