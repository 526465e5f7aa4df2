package io.github.saasconnect.benchmarks;

import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.resilience.ResilienceSettings;
import io.github.saasconnect.store.InMemoryPendingAuthorizationStore;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import io.github.saasconnect.token.TokenManager;
import io.github.saasconnect.token.TokenManagerSettings;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Our side: a {@link TokenManager} with default settings over an in-memory store (the counterpart of Spring
 * Security's in-memory authorized-client service), calling the sandbox through the provider's adapter with a plain
 * {@code WebClient} (Reactor Netty's global resources), as the starter wires it.
 */
final class SaasConnectContender implements AutoCloseable {

    private final SandboxProvider provider;
    private final Clock clock = Clock.systemUTC();
    final InMemoryTokenStore store = new InMemoryTokenStore();
    final TokenManager manager;
    private final ProviderRegistry registry;
    private final OAuth2TokenClient client;

    SaasConnectContender(SandboxProvider provider) {
        this(provider, WebClient.create());
    }

    SaasConnectContender(SandboxProvider provider, WebClient http) {
        this.provider = provider;
        this.registry = new ProviderRegistry(List.of(provider.registration));
        this.client = new OAuth2TokenClient(http, clock, Duration.ofSeconds(30));
        this.manager = TokenManager.builder(store, client, registry)
                .resilience(RefreshResilience.withSettings(ResilienceSettings.defaults(), clock))
                .events(event -> {})
                .clock(clock)
                .settings(TokenManagerSettings.defaults())
                .observations(ObservationRegistry.NOOP)
                .build();
    }

    /** Stores {@code seeded} for {@code owner} with an access token that expired a minute ago. */
    ConnectionId storeExpired(String owner, SeededConnection seeded) {
        ConnectionId id = ConnectionId.of(provider.registrationId(), owner);
        Instant now = clock.instant();
        store.write(
                        new ConnectionRecord(
                                ConnectionRecord.CURRENT_SCHEMA,
                                id,
                                ConnectionStatus.ACTIVE,
                                Secret.of(seeded.refreshToken()),
                                null,
                                Secret.of(seeded.accessToken()),
                                now.minusSeconds(60),
                                "Bearer",
                                seeded.scopes(),
                                Map.of(),
                                now.minusSeconds(7200),
                                now.minusSeconds(3660),
                                null,
                                null,
                                "g1"),
                        0)
                .block();
        return id;
    }

    /** The connect flow over the same store and client, which the Spring Security bridge stores logins through. */
    ConnectFlow connectFlow() {
        return ConnectFlow.builder(registry, store, new InMemoryPendingAuthorizationStore(clock), client)
                .clock(clock)
                .build();
    }

    AccessToken accessToken(ConnectionId id) {
        return manager.blocking().accessToken(id);
    }

    /** The refresh token now stored for {@code id}, when the connection is still active. */
    String storedRefreshToken(ConnectionId id) {
        ConnectionRecord record = store.read(id).block().record();
        return record.status() == ConnectionStatus.ACTIVE && record.refreshToken() != null
                ? record.refreshToken().reveal()
                : null;
    }

    @Override
    public void close() {
        manager.close();
    }
}
