package io.github.saasconnect.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.event.ReauthorizationRequiredEvent;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.testsupport.FlakyTokenStore;
import io.github.saasconnect.testsupport.TokenManagerFixture;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * {@code invalid_grant} when another holder had already rotated the refresh token (a holder whose lease lapsed
 * and who stored its result late) is not a dead grant: the caller re-reads and uses the other holder's tokens.
 */
class InvalidGrantTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TokenManagerFixture fixture = new TokenManagerFixture();
    private final FlakyTokenStore store = new FlakyTokenStore(fixture.store);

    InvalidGrantTest() {
        fixture.store = store;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void invalidGrantAfterAnotherHolderRotatedGivesTheCallerTheOtherHoldersToken() {
        // Given another holder that rotates the refresh token and stores its result just after we took the lease
        ConnectionId id = fixture.seedExpired("alice");
        String[] theirs = new String[2];
        store.afterNextLeaseWrite(ours -> anotherHolderRotates(ours, theirs));
        TokenManager manager = fixture.manager();

        // When
        AccessToken token = manager.accessToken(id).block(WAIT);

        // Then our refresh met invalid_grant, and the caller got their token
        assertThat(fixture.endpoint.invalidGrants()).isEqualTo(1);
        assertThat(token.value().reveal()).isEqualTo(theirs[0]);
        assertStillActiveWithTheirRefreshToken(id, theirs);
    }

    @Test
    void invalidGrantAfterAnotherHolderRotatedSurvivesOneStaleReRead() {
        // Given the same race, and a store whose next read still shows the record before their write
        ConnectionId id = fixture.seedExpired("alice");
        String[] theirs = new String[2];
        store.afterNextLeaseWrite(ours -> {
            store.serveOneStaleRead(ours);
            return anotherHolderRotates(ours, theirs);
        });
        TokenManager manager = fixture.manager();

        // When
        AccessToken token = manager.accessToken(id).block(WAIT);

        // Then the stale read did not make us mark the connection
        assertThat(fixture.endpoint.invalidGrants()).isEqualTo(1);
        assertThat(token.value().reveal()).isEqualTo(theirs[0]);
        assertStillActiveWithTheirRefreshToken(id, theirs);
    }

    @Test
    void staleReadOfARecordAnotherHolderAlreadyRotatedNeverSpendsTheOldRefreshToken() {
        // Given another holder that rotated and stored its tokens, and a store whose next read is from before that
        ConnectionId id = fixture.seedExpired("alice");
        VersionedRecord before = store.delegate().read(id).block();
        String[] theirs = new String[2];
        anotherHolderRotates(before, theirs).block(WAIT);
        store.serveOneStaleRead(before);
        TokenManager manager = fixture.manager();

        // When
        AccessToken token = manager.accessToken(id).block(WAIT);

        // Then the stale version lost the lease race, the re-read showed their token, and nothing was sent
        assertThat(fixture.endpoint.tokenRequests()).isZero();
        assertThat(token.value().reveal()).isEqualTo(theirs[0]);
        assertStillActiveWithTheirRefreshToken(id, theirs);
    }

    private void assertStillActiveWithTheirRefreshToken(ConnectionId id, String[] theirs) {
        ConnectionRecord stored = fixture.stored(id);
        assertThat(stored.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(stored.lastError()).isNull();
        assertThat(stored.refreshToken().reveal()).isEqualTo(theirs[1]);
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();
        assertThat(stored.lease()).as("no lease is left behind").isNull();
        assertThat(fixture.events(ReauthorizationRequiredEvent.class)).isEmpty();
    }

    /** What a holder whose lease lapsed does: it used the refresh token, then stores its result over our lease. */
    private Mono<Void> anotherHolderRotates(VersionedRecord ours, String[] theirs) {
        String[] rotated = fixture.endpoint.refreshAsAnotherHolder(
                ours.record().refreshToken().reveal());
        theirs[0] = rotated[0];
        theirs[1] = rotated[1];
        TokenSet tokens = new TokenSet(
                Secret.of(rotated[0]),
                fixture.clock.instant().plusSeconds(3600),
                "bearer",
                Secret.of(rotated[1]),
                null,
                null,
                null,
                Map.of());
        TokenStore underlying = store.delegate();
        return underlying
                .read(ours.record().id())
                .flatMap(current -> underlying.write(
                        current.record()
                                .refreshedWith(tokens, fixture.clock.instant())
                                .withLease(current.record().lease()),
                        current.version()))
                .then();
    }
}
