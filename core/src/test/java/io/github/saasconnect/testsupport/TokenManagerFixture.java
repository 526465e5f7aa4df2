package io.github.saasconnect.testsupport;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.RefreshLease;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.http.JdkWebClients;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.ClientAuthentication;
import io.github.saasconnect.provider.GenericOAuth2ProviderType;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.RegistrationSettings;
import io.github.saasconnect.resilience.Backoff;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.resilience.ResilienceSettings;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.token.TokenManager;
import io.github.saasconnect.token.TokenManagerSettings;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** A TokenManager wired to a {@link ScriptedTokenEndpoint}, a store and a movable clock. */
public final class TokenManagerFixture implements AutoCloseable {

    public static final String REGISTRATION = "acme";
    public static final String CLIENT_ID = "acme-client";
    public static final String CLIENT_SECRET = "client-secret-value-1234";

    public final ScriptedTokenEndpoint endpoint = new ScriptedTokenEndpoint();
    public final MutableClock clock = MutableClock.at("2026-11-25T10:00:00Z");
    public final List<Object> events = new CopyOnWriteArrayList<>();
    public TokenStore store = new InMemoryTokenStore();
    public ResilienceSettings resilience = new ResilienceSettings(
            3,
            Duration.ofMillis(1),
            1.5,
            Duration.ofMillis(5),
            Duration.ofSeconds(2),
            50f,
            10,
            5,
            Duration.ofSeconds(30),
            64);
    public TokenManagerSettings settings = new TokenManagerSettings(
            "instance-1",
            Duration.ofSeconds(30),
            Duration.ofMillis(2),
            Duration.ofSeconds(60),
            new Backoff(Duration.ofMillis(5), 2.0, Duration.ofMillis(50)),
            Duration.ofSeconds(30));
    private final List<TokenManager> managers = new ArrayList<>();
    public ClientAuthentication clientAuthentication = ClientAuthentication.CLIENT_SECRET_BASIC;
    public Duration timeout = Duration.ofSeconds(5);
    public String clientId = CLIENT_ID;
    public String clientSecret = CLIENT_SECRET;
    /** Provider options of the generic type, for example {@code rotation: none}; empty means strict rotation. */
    public Map<String, String> options = Map.of();
    /** Where the managers made afterwards observe refreshes and store operations. */
    public ObservationRegistry observations = ObservationRegistry.NOOP;

    private final List<RefreshResilience> resiliences = new CopyOnWriteArrayList<>();

    public ProviderRegistration registration() {
        return new GenericOAuth2ProviderType()
                .register(new RegistrationSettings(
                        REGISTRATION,
                        "oauth2",
                        clientId,
                        Secret.ofNullable(clientSecret),
                        List.of("read", "write"),
                        URI.create("http://127.0.0.1/callback"),
                        URI.create("http://127.0.0.1/authorize"),
                        endpoint.tokenUri(),
                        endpoint.revocationUri(),
                        null,
                        clientAuthentication,
                        true,
                        Map.of(),
                        Duration.ofSeconds(60),
                        options));
    }

    public OAuth2TokenClient client() {
        return new OAuth2TokenClient(JdkWebClients.builder().build(), clock, timeout);
    }

    public TokenManager manager() {
        return manager(settings.instanceId());
    }

    public TokenManager manager(String instanceId) {
        RefreshResilience r = RefreshResilience.withSettings(resilience, clock);
        resiliences.add(r);
        TokenManager m = TokenManager.builder(store, client(), new ProviderRegistry(List.of(registration())))
                .resilience(r)
                .events(events::add)
                .clock(clock)
                .settings(settings.withInstanceId(instanceId))
                .observations(observations)
                .build();
        managers.add(m);
        return m;
    }

    /** The resilience (retry, breaker, bulkhead) of the manager made last. */
    public RefreshResilience lastResilience() {
        return resiliences.get(resiliences.size() - 1);
    }

    /** Events of {@code type} published so far. */
    public <T> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Puts {@code lease} on the stored record of {@code id}, as an instance that took it and then died. */
    public void putLease(ConnectionId id, RefreshLease lease) {
        var current = store.read(id).block();
        store.write(current.record().withLease(lease), current.version()).block();
    }

    /** Stores a connection whose access token has expired and whose refresh token the endpoint accepts. */
    public ConnectionId seedExpired(String owner) {
        ConnectionId id = ConnectionId.of(REGISTRATION, owner);
        Instant now = clock.instant();
        ConnectionRecord record = new ConnectionRecord(
                ConnectionRecord.CURRENT_SCHEMA,
                id,
                ConnectionStatus.ACTIVE,
                Secret.of(endpoint.issueRefreshToken()),
                null,
                Secret.of("at-old-" + owner),
                now.minusSeconds(10),
                "Bearer",
                Set.of("read"),
                Map.of(),
                now.minusSeconds(7200),
                now.minusSeconds(3610),
                null,
                null,
                "g1");
        store.write(record, 0).block();
        return id;
    }

    public ConnectionRecord stored(ConnectionId id) {
        return store.read(id).block().record();
    }

    /** Whether the refresh token stored for {@code id} is one the endpoint still accepts: nothing was lost. */
    public boolean storedRefreshTokenIsLive(ConnectionId id) {
        ConnectionRecord record = stored(id);
        return record.refreshToken() != null
                && endpoint.isLive(record.refreshToken().reveal());
    }

    @Override
    public void close() {
        managers.forEach(TokenManager::close);
        endpoint.close();
    }
}
