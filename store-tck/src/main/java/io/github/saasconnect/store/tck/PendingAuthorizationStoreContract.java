package io.github.saasconnect.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.store.PendingAuthorization;
import io.github.saasconnect.store.PendingAuthorizationStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PendingAuthorizationStore} must do. A store's test extends this class and says how to make
 * a fresh, empty store (and, for a store shared by several instances, a second handle on the same backend); the
 * stores are closed after each test when they are {@link AutoCloseable}.
 */
public abstract class PendingAuthorizationStoreContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int RACERS = 16;
    protected static final Instant NOW = Instant.parse("2026-11-25T10:15:30Z");

    protected PendingAuthorizationStore store;
    private final List<Object> opened = new ArrayList<>();

    /** A new store with no entries in it. */
    protected abstract PendingAuthorizationStore createStore() throws Exception;

    /**
     * Another handle on the backend of {@link #store}, as a second application instance would open it. By default
     * the same object; stores shared across instances override this.
     */
    protected PendingAuthorizationStore secondInstance() throws Exception {
        return store;
    }

    @BeforeEach
    void openStore() throws Exception {
        store = track(createStore());
    }

    @AfterEach
    void closeStores() throws Exception {
        for (Object o : opened) {
            if (o instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    protected <T> T track(T store) {
        opened.add(store);
        return store;
    }

    @Test
    void takeReturnsWhatWasSavedWithEveryField() {
        PendingAuthorization saved = pending("state-1", "alice", Secret.of("verifier-" + UUID.randomUUID()));
        store.save(saved).block(TIMEOUT);

        PendingAuthorization taken = store.take(saved.key()).block(TIMEOUT);

        assertThat(taken).isNotNull();
        assertThat(taken.key()).isEqualTo(saved.key());
        assertThat(taken.connection()).isEqualTo(saved.connection());
        assertThat(taken.redirectUri()).isEqualTo(saved.redirectUri());
        assertThat(taken.returnTo()).isEqualTo(saved.returnTo());
        assertThat(taken.codeVerifier().reveal()).isEqualTo(saved.codeVerifier().reveal());
        assertThat(taken.createdAt()).isEqualTo(saved.createdAt());
        assertThat(taken.expiresAt()).isEqualTo(saved.expiresAt());
    }

    @Test
    void anEntryWithoutVerifierRoundTrips() {
        PendingAuthorization saved = pending("state-no-pkce", "bob", null);
        store.save(saved).block(TIMEOUT);

        assertThat(store.take(saved.key()).block(TIMEOUT).codeVerifier()).isNull();
    }

    @Test
    void anEntryCanBeTakenOnlyOnce() {
        PendingAuthorization saved = pending("state-once", "alice", Secret.of("v"));
        store.save(saved).block(TIMEOUT);

        assertThat(store.take(saved.key()).block(TIMEOUT)).isNotNull();
        assertThat(store.take(saved.key()).block(TIMEOUT)).isNull();
    }

    @Test
    void takingAnUnknownKeyCompletesEmpty() {
        assertThat(store.take(PendingAuthorization.keyOf("never-saved")).block(TIMEOUT))
                .isNull();
    }

    @Test
    void entriesAreIndependent() {
        PendingAuthorization a = pending("state-a", "alice", Secret.of("va"));
        PendingAuthorization b = pending("state-b", "alice", Secret.of("vb"));
        store.save(a).block(TIMEOUT);
        store.save(b).block(TIMEOUT);

        assertThat(store.take(b.key()).block(TIMEOUT).codeVerifier().reveal()).isEqualTo("vb");
        assertThat(store.take(a.key()).block(TIMEOUT).codeVerifier().reveal()).isEqualTo("va");
    }

    @Test
    void anOwnerWithAnyCharactersRoundTrips() {
        PendingAuthorization saved = pending("state-unicode", "ünïcødé / \"owner\" ☃ ../../etc", Secret.of("v"));
        store.save(saved).block(TIMEOUT);

        assertThat(store.take(saved.key()).block(TIMEOUT).connection()).isEqualTo(saved.connection());
    }

    @Test
    void ofConcurrentTakersAcrossInstancesExactlyOneGetsTheEntry() throws Exception {
        PendingAuthorizationStore other = secondInstance();
        for (int round = 0; round < 5; round++) {
            PendingAuthorization saved = pending("race-" + round, "alice", Secret.of("v" + round));
            store.save(saved).block(TIMEOUT);
            ExecutorService pool = Executors.newFixedThreadPool(RACERS);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<PendingAuthorization>> results = new ArrayList<>();
                for (int i = 0; i < RACERS; i++) {
                    PendingAuthorizationStore taker = i % 2 == 0 ? store : other;
                    Callable<PendingAuthorization> call = () -> {
                        go.await();
                        return taker.take(saved.key()).block(TIMEOUT);
                    };
                    results.add(pool.submit(call));
                }
                go.countDown();
                long winners = 0;
                for (Future<PendingAuthorization> f : results) {
                    if (f.get(30, TimeUnit.SECONDS) != null) {
                        winners++;
                    }
                }
                assertThat(winners)
                        .as("takers that got the entry in round " + round)
                        .isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void anEntrySavedByOneInstanceIsTakenByAnother() throws Exception {
        PendingAuthorization saved = pending("cross-instance", "alice", Secret.of("v"));
        store.save(saved).block(TIMEOUT);

        PendingAuthorization taken = secondInstance().take(saved.key()).block(TIMEOUT);

        assertThat(taken).isNotNull();
        assertThat(store.take(saved.key()).block(TIMEOUT)).isNull();
    }

    @Test
    void anExpiredEntryIsNeverHandedOutTwice() {
        PendingAuthorization expired = new PendingAuthorization(
                PendingAuthorization.keyOf("expired"),
                ConnectionId.of("github", "alice"),
                URI.create("https://app.example/cb"),
                "/",
                Secret.of("v"),
                NOW.minus(Duration.ofHours(2)),
                NOW.minus(Duration.ofHours(1)));
        store.save(expired).block(TIMEOUT);

        PendingAuthorization first = store.take(expired.key()).block(TIMEOUT);
        if (first != null) {
            assertThat(first.expiredAt(NOW)).isTrue();
        }
        assertThat(store.take(expired.key()).block(TIMEOUT)).isNull();
    }

    protected static PendingAuthorization pending(String state, String owner, Secret verifier) {
        return new PendingAuthorization(
                PendingAuthorization.keyOf(Objects.requireNonNull(state)),
                ConnectionId.of("github", owner),
                URI.create("https://app.example/saas-connect/callback/github"),
                "/connections?tab=1",
                verifier,
                NOW,
                NOW.plus(Duration.ofMinutes(10)));
    }
}
