package io.github.saasconnect.benchmarks;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.resilience.ResilienceSettings;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.token.BlockingTokenManager;
import io.github.saasconnect.token.TokenManager;
import io.github.saasconnect.token.TokenManagerSettings;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The cache-hit path of {@link TokenManager} beside the cheapest thing that could work: a
 * {@link ConcurrentHashMap} lookup plus an expiry check, and beside Spring Security's
 * {@code AuthorizedClientServiceOAuth2AuthorizedClientManager} (in-memory service, refresh-token provider),
 * all measured in the same run.
 * Run with {@code -t 1} and {@code -t 2}, and {@code -prof gc} for allocation per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CacheHitBenchmark {

    private final Clock clock = Clock.systemUTC();
    private final ConnectionId id = ConnectionId.of("acme", "user-42");
    private final ConcurrentHashMap<ConnectionId, Baseline> plain = new ConcurrentHashMap<>();
    private TokenManager manager;
    private OAuth2AuthorizedClientManager springSecurity;
    private BlockingTokenManager blocking;

    private record Baseline(AccessToken token, long refreshAtMillis) {}

    @Setup(Level.Trial)
    public void setUp() {
        InMemoryTokenStore store = new InMemoryTokenStore();
        Instant now = clock.instant();
        var registration = UnreachableRegistration.of("acme", Map.of());
        ConnectionRecord record = new ConnectionRecord(
                ConnectionRecord.CURRENT_SCHEMA,
                id,
                ConnectionStatus.ACTIVE,
                Secret.of("refresh"),
                null,
                Secret.of("access"),
                now.plus(Duration.ofDays(1)),
                "Bearer",
                Set.of("read"),
                Map.of(),
                now,
                now,
                null,
                null,
                "g1");
        store.write(record, 0).block();
        manager = TokenManager.builder(
                        store,
                        new OAuth2TokenClient(WebClient.create(), clock, Duration.ofSeconds(1)),
                        new ProviderRegistry(List.of(registration)))
                .resilience(RefreshResilience.withSettings(ResilienceSettings.defaults(), clock))
                .events(event -> {})
                .clock(clock)
                .settings(TokenManagerSettings.defaults())
                .observations(ObservationRegistry.NOOP)
                .build();
        blocking = manager.blocking();
        AccessToken token = manager.accessToken(id).block();
        plain.put(id, new Baseline(token, token.expiresAt().minusSeconds(60).toEpochMilli()));
        springSecurity = springSecurityClientManager(now);
    }

    private static OAuth2AuthorizedClientManager springSecurityClientManager(Instant now) {
        ClientRegistration registration = ClientRegistration.withRegistrationId("acme")
                .clientId("client")
                .clientSecret("secret")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("http://127.0.0.1/callback")
                .authorizationUri("http://127.0.0.1:1/authorize")
                .tokenUri("http://127.0.0.1:1/token")
                .build();
        InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration);
        InMemoryOAuth2AuthorizedClientService service = new InMemoryOAuth2AuthorizedClientService(registrations);
        OAuth2AccessToken access =
                new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access", now, now.plus(Duration.ofDays(1)));
        service.saveAuthorizedClient(
                new OAuth2AuthorizedClient(registration, "user-42", access, new OAuth2RefreshToken("refresh", now)),
                new TestingAuthenticationToken("user-42", "n/a"));
        AuthorizedClientServiceOAuth2AuthorizedClientManager manager =
                new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, service);
        manager.setAuthorizedClientProvider(
                OAuth2AuthorizedClientProviderBuilder.builder().refreshToken().build());
        return manager;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /** Baseline: a map lookup and an expiry check. */
    @Benchmark
    public AccessToken plainMapLookup() {
        Baseline hit = plain.get(id);
        return hit != null && clock.millis() < hit.refreshAtMillis() ? hit.token() : null;
    }

    /** Spring Security's OAuth2 client on a cache hit: what a scheduled job does with it. */
    @Benchmark
    public OAuth2AccessToken springSecurityAuthorizedClientManager() {
        OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest.withClientRegistrationId("acme")
                .principal("user-42")
                .build();
        return springSecurity.authorize(request).getAccessToken();
    }

    /** The blocking facade on a cache hit. */
    @Benchmark
    public AccessToken tokenManagerBlocking() {
        return blocking.accessToken(id);
    }

    /** The reactive API on a cache hit (returns the cached Mono). */
    @Benchmark
    public Mono<AccessToken> tokenManagerReactive() {
        return manager.accessToken(id);
    }
}
