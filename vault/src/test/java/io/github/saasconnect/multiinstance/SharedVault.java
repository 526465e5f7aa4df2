package io.github.saasconnect.multiinstance;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.resilience.Backoff;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.vault.TestVaultClients;
import io.github.saasconnect.store.vault.VaultTokenStore;
import io.github.saasconnect.testkit.vault.RecordedRequest;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import io.github.saasconnect.testsupport.TokenManagerFixture;
import io.github.saasconnect.token.TokenManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Several application instances around one Vault test server and one strict-rotation token endpoint. Each
 * instance is a {@link TokenManager} with its own cache, its own Spring Vault client (own connection pool) and
 * its own {@link VaultTokenStore}; they share only Vault, the provider and the test's clock.
 */
final class SharedVault implements AutoCloseable {

    final VaultTestServer vault = VaultTestServer.start();
    final TokenManagerFixture fixture = new TokenManagerFixture();
    private boolean vaultClosed;

    /** A store as a separate instance would build it: its own client, short retry and breaker waits for tests. */
    VaultTokenStore newStore() {
        return VaultTokenStore.builder(TestVaultClients.reactive(vault.uri(), vault.token()))
                .retry(3, new Backoff(Duration.ofMillis(5), 2.0, Duration.ofMillis(20)), Duration.ofMillis(50))
                .circuitBreaker(
                        "vault-store",
                        CircuitBreakerConfig.custom()
                                .waitDurationInOpenState(Duration.ofMillis(50))
                                .build())
                .build();
    }

    /** A new instance on its own store. */
    TokenManager instance(String name) {
        return instance(name, newStore());
    }

    /** A new instance on {@code store}. */
    TokenManager instance(String name, TokenStore store) {
        fixture.store = store;
        return fixture.manager(name);
    }

    /** The data path of {@code id} inside the mount. */
    String keyPath(ConnectionId id) {
        return newStore().layout().keyPath(id);
    }

    /** The secret of {@code id} as Vault holds it now, read directly from the server (works while sealed). */
    Optional<Map<String, Object>> secret(ConnectionId id) {
        return vault.readCurrent(keyPath(id));
    }

    List<RecordedRequest> dataRequests(String method) {
        return vault.requests().stream()
                .filter(r -> r.method().equals(method) && r.vaultPath().startsWith("secret/data/"))
                .toList();
    }

    void stopVault() {
        vault.close();
        vaultClosed = true;
    }

    @Override
    public void close() {
        fixture.close();
        if (!vaultClosed) {
            vault.close();
        }
    }
}
