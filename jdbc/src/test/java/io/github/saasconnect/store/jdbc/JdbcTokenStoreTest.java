package io.github.saasconnect.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.StoreUnavailableException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The store's own behaviour around the database: where its calls run and how failures surface. */
class JdbcTokenStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ConnectionId ALICE = ConnectionId.of("github", "alice");

    @Test
    void callsRunOnTheStoresOwnThreadsAndAFullQueueFailsFastAsStoreUnavailable() throws Exception {
        HangingDataSource database = new HangingDataSource();
        try (JdbcTokenStore store = JdbcTokenStore.builder(
                        database,
                        new io.github.saasconnect.store.crypto.EnvelopeCipher(TestStores.keyring()),
                        OwnerDigest.of(TestStores.OWNER_KEY))
                .concurrency(1, 1)
                .build()) {
            Mono<?> first = store.read(ALICE);
            first.subscribe(v -> {}, e -> {});
            assertThat(database.entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(database.caller).startsWith("saas-connect-jdbc-store");
            store.read(ALICE).subscribe(v -> {}, e -> {}); // waits in the queue of one

            StepVerifier.create(store.read(ALICE))
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(StoreUnavailableException.class)
                            .hasMessageContaining("saas-connect.store.jdbc.queued-calls")
                            .hasMessageContaining("for " + ALICE))
                    .verify(TIMEOUT);
            database.release.countDown();
        }
    }

    @Test
    void aDatabaseThatCannotBeReachedIsStoreUnavailableNamingTheConnectionAndNoValue() {
        DataSource down = new HangingDataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                throw new SQLTransientConnectionException("connection refused", "08001");
            }
        };
        try (JdbcTokenStore store = JdbcTokenStore.builder(
                        down,
                        new io.github.saasconnect.store.crypto.EnvelopeCipher(TestStores.keyring()),
                        OwnerDigest.of(TestStores.OWNER_KEY))
                .build()) {
            StepVerifier.create(store.write(TestStores.record(ALICE, 1), 0))
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(StoreUnavailableException.class)
                            .hasMessageContaining("token store 'jdbc' is unavailable for " + ALICE)
                            .hasMessageContaining("CannotGetJdbcConnectionException")
                            .hasMessageNotContaining("access-")
                            .hasMessageNotContaining("refresh-"))
                    .verify(TIMEOUT);
        }
    }

    /** A DataSource whose getConnection parks the caller until released; records which thread came. */
    static class HangingDataSource implements DataSource {

        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile String caller;

        @Override
        public Connection getConnection() throws SQLException {
            caller = Thread.currentThread().getName();
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SQLTransientConnectionException("released", "08001");
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
