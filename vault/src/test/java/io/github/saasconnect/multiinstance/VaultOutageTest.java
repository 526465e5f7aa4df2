package io.github.saasconnect.multiinstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.failure.StoreUnavailableException;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.testsupport.ScriptedTokenEndpoint;
import io.github.saasconnect.token.TokenManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Instances that die, a Vault that seals or goes away: refresh tokens are never lost, cached tokens keep serving. */
class VaultOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SharedVault shared = new SharedVault();

    @AfterEach
    void close() {
        shared.close();
    }

    @Test
    void aLeaseHolderThatDiesMidRefreshIsTakenOverWhenTheLeaseLapsesAndTheConnectionSurvives() throws Exception {
        StoppableStore aStore = new StoppableStore(shared.newStore());
        TokenManager a = shared.instance("a", aStore);
        TokenManager b = shared.instance("b");
        ConnectionId id = shared.fixture.seedExpired("alice");
        String seededRefreshToken = shared.fixture.stored(id).refreshToken().reveal();
        shared.fixture.endpoint.enqueue(new ScriptedTokenEndpoint.Hang());

        a.accessToken(id).subscribe(t -> {}, e -> {});
        await(() -> "a".equals(shared.secret(id).orElseThrow().get("lease_holder")));
        await(() -> shared.fixture.endpoint.tokenRequests() == 1);
        aStore.stop();
        a.close();

        shared.vault.clearRequests();
        CompletableFuture<AccessToken> taken = b.accessToken(id).toFuture();
        // a is stopped, so every read Vault sees now is b looking at the lease again
        await(() -> shared.vault.requests().stream()
                        .filter(r -> r.method().equals("GET"))
                        .count()
                >= 5);
        assertThat(taken)
                .as("b has looked at a's live lease five times and still waits")
                .isNotDone();
        shared.fixture.clock.advance(shared.fixture.settings.leaseDuration().plusSeconds(1));
        AccessToken token = taken.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(token.value().reveal()).isNotEqualTo("at-old-alice");
        assertThat(shared.fixture.endpoint.tokenRequests()).isEqualTo(2);
        assertThat(shared.fixture.endpoint.invalidGrants()).isZero();
        ConnectionRecord stored = shared.fixture.stored(id);
        assertThat(stored.accessToken().reveal()).isEqualTo(token.value().reveal());
        assertThat(stored.refreshToken().reveal()).isNotEqualTo(seededRefreshToken);
        assertThat(shared.fixture.endpoint.isLive(stored.refreshToken().reveal()))
                .isTrue();
        assertThat(stored.lease()).isNull();
    }

    @Test
    void vaultSealedDuringARefreshCallersKeepTheNewTokenAndItLandsInVaultOnceUnsealed() throws Exception {
        TokenManager a = shared.instance("a");
        ConnectionId id = shared.fixture.seedExpired("alice");
        shared.fixture.endpoint.latency(Duration.ofMillis(300));
        shared.vault.clearRequests();

        CompletableFuture<AccessToken> refreshing = a.accessToken(id).toFuture();
        shared.vault.awaitRequest(r -> r.method().equals("POST") && r.status() == 200, WAIT);
        shared.vault.seal();
        AccessToken fresh = refreshing.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(fresh.value().reveal()).isNotEqualTo("at-old-alice");
        assertThat(a.pendingWrites()).isEqualTo(1);
        for (int i = 0; i < 20; i++) {
            assertThat(a.blocking().accessToken(id).value().reveal())
                    .isEqualTo(fresh.value().reveal());
        }
        Map<String, Object> whileSealed = shared.secret(id).orElseThrow();
        assertThat(whileSealed.get("access_token")).isEqualTo("at-old-alice");
        assertThat(shared.vault.requests()).filteredOn(r -> r.status() == 503).isNotEmpty();

        shared.vault.unseal();
        await(() -> a.pendingWrites() == 0);

        Map<String, Object> landed = shared.secret(id).orElseThrow();
        assertThat(landed.get("access_token")).isEqualTo(fresh.value().reveal());
        String refreshToken = (String) landed.get("refresh_token");
        assertThat(shared.fixture.endpoint.isLive(refreshToken))
                .as("the rotated refresh token is in Vault")
                .isTrue();
        TokenManager b = shared.instance("b");
        assertThat(b.blocking().accessToken(id).value().reveal())
                .isEqualTo(fresh.value().reveal());
        assertThat(shared.fixture.endpoint.tokenRequests()).isEqualTo(1);
        assertThat(shared.fixture.endpoint.invalidGrants()).isZero();
    }

    @Test
    void vaultDownForAWholeRefreshWindowCachedTokensServeUntilTheyExpire() {
        TokenManager a = shared.instance("a");
        ConnectionId id = shared.fixture.seedExpired("alice");
        AccessToken cached = a.blocking().accessToken(id);
        assertThat(shared.fixture.endpoint.tokenRequests()).isEqualTo(1);
        Instant expiresAt = cached.expiresAt();

        shared.stopVault();
        shared.fixture.clock.advance(
                Duration.between(shared.fixture.clock.instant(), expiresAt).minusSeconds(60));
        while (shared.fixture.clock.instant().isBefore(expiresAt.minusSeconds(1))) {
            assertThat(a.blocking().accessToken(id).value().reveal())
                    .isEqualTo(cached.value().reveal());
            shared.fixture.clock.advance(Duration.ofSeconds(10));
        }

        assertThat(shared.fixture.endpoint.tokenRequests())
                .as("no refresh without the store")
                .isEqualTo(1);
        shared.fixture.clock.advance(
                Duration.between(shared.fixture.clock.instant(), expiresAt).plusSeconds(1));
        assertThatThrownBy(() -> a.blocking().accessToken(id)).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void vaultSealedForAWholeRefreshWindowCachedTokensServeWithoutTouchingTheProvider() {
        TokenManager a = shared.instance("a");
        ConnectionId id = shared.fixture.seedExpired("alice");
        AccessToken cached = a.blocking().accessToken(id);
        shared.vault.seal();

        shared.fixture.clock.advance(Duration.between(shared.fixture.clock.instant(), cached.expiresAt())
                .minusSeconds(30));

        assertThat(a.blocking().accessToken(id).value().reveal())
                .isEqualTo(cached.value().reveal());
        assertThat(shared.fixture.endpoint.tokenRequests()).isEqualTo(1);
        assertThat(shared.vault.requests()).filteredOn(r -> r.status() == 503).isNotEmpty();
    }

    @Test
    void aConnectionReplacedWhileAnInstanceRefreshesItIsNeverConfusedWithTheOldOne() throws Exception {
        TokenManager a = shared.instance("a");
        ConnectionId id = shared.fixture.seedExpired("alice");
        TokenStore store = shared.fixture.store;
        ConnectionRecord old = shared.fixture.stored(id);
        shared.fixture.endpoint.latency(Duration.ofMillis(300));
        shared.vault.clearRequests();
        CompletableFuture<AccessToken> refreshing = a.accessToken(id).toFuture();
        shared.vault.awaitRequest(r -> r.method().equals("POST") && r.status() == 200, WAIT);
        long leaseVersion = shared.vault.currentVersion(shared.keyPath(id));

        // Meanwhile the user disconnects and connects again; the new connection reaches the lease's version number.
        store.delete(id).block(WAIT);
        Instant now = shared.fixture.clock.instant();
        ConnectionRecord reconnected = new ConnectionRecord(
                ConnectionRecord.CURRENT_SCHEMA,
                id,
                ConnectionStatus.ACTIVE,
                Secret.of(shared.fixture.endpoint.issueRefreshToken()),
                null,
                Secret.of("at-new-connection"),
                now.plusSeconds(3600),
                "Bearer",
                Set.of("read"),
                Map.of(),
                now.plusSeconds(1),
                now.plusSeconds(1),
                null,
                null,
                "g2");
        long version = store.write(reconnected, 0).block(WAIT);
        while (version < leaseVersion) {
            version = store.write(reconnected, version).block(WAIT);
        }

        AccessToken served = refreshing.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(served.value().reveal())
                .as("the instance serves the connection that exists now")
                .isEqualTo("at-new-connection");
        assertThat(a.blocking().accessToken(id).value().reveal()).isEqualTo("at-new-connection");
        ConnectionRecord stored = shared.fixture.stored(id);
        assertThat(stored.generation()).isEqualTo("g2");
        assertThat(stored.accessToken().reveal()).isEqualTo("at-new-connection");
        assertThat(stored.refreshToken().reveal())
                .isEqualTo(reconnected.refreshToken().reveal());
        assertThat(old.generation()).isEqualTo("g1");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(5);
        }
    }

    /** An instance's store that stops answering when the instance is stopped, as a killed process would. */
    private static final class StoppableStore implements TokenStore {

        private final TokenStore delegate;
        private final AtomicBoolean stopped = new AtomicBoolean();

        StoppableStore(TokenStore delegate) {
            this.delegate = delegate;
        }

        void stop() {
            stopped.set(true);
        }

        private <T> Mono<T> unlessStopped(Mono<T> call) {
            return Mono.defer(() -> stopped.get() ? Mono.<T>never() : call);
        }

        @Override
        public Mono<VersionedRecord> read(ConnectionId id) {
            return unlessStopped(delegate.read(id));
        }

        @Override
        public Mono<Long> write(ConnectionRecord record, long expectedVersion) {
            return unlessStopped(delegate.write(record, expectedVersion));
        }

        @Override
        public Mono<Void> delete(ConnectionId id) {
            return unlessStopped(delegate.delete(id));
        }

        @Override
        public Mono<ConnectionPage> list(String registration, String cursor, int pageSize) {
            return unlessStopped(delegate.list(registration, cursor, pageSize));
        }

        @Override
        public String name() {
            return delegate.name();
        }
    }
}
