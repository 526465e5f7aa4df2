package io.github.saasconnect.benchmarks;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.ClientAuthentication;
import io.github.saasconnect.provider.GenericOAuth2ProviderType;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.RegistrationSettings;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.resilience.ResilienceSettings;
import io.github.saasconnect.store.vault.VaultTokenStore;
import io.github.saasconnect.testkit.vault.RecordedRequest;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import io.github.saasconnect.token.TokenManager;
import io.github.saasconnect.token.TokenManagerSettings;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.ReactiveVaultTemplate;
import org.springframework.vault.support.VaultToken;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Refresh throughput through the {@link VaultTokenStore}: a {@link TokenManager} whose every call finds its
 * access token expired, so it reads the connection from the Vault test server, takes the refresh lease (a
 * check-and-set write), calls a loopback token endpoint that rotates refresh tokens strictly, and writes the
 * result (a second check-and-set write). All of it over real loopback HTTP through Spring Vault's reactive
 * client. After each iteration it prints the Vault requests per refresh, whose target is at most one read
 * and two writes. Run with {@code -t 1} and {@code -t 4} (each thread refreshes its own connection).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class VaultStoreRefreshBenchmark {

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final AtomicInteger owners = new AtomicInteger();
    private VaultTestServer vault;
    private RotatingTokenEndpoint provider;
    private VaultTokenStore store;
    private TokenManager manager;

    @Setup(Level.Trial)
    public void setUp() {
        vault = VaultTestServer.start();
        provider = new RotatingTokenEndpoint();
        ReactiveVaultTemplate template = new ReactiveVaultTemplate(
                VaultEndpoint.from(vault.uri()),
                new ReactorClientHttpConnector(),
                () -> Mono.just(VaultToken.of(vault.token())));
        store = VaultTokenStore.builder(template).build();
        var registration = new GenericOAuth2ProviderType()
                .register(new RegistrationSettings(
                        "acme",
                        "oauth2",
                        "client",
                        Secret.of("secret"),
                        List.of("read"),
                        null,
                        URI.create("http://127.0.0.1:1/authorize"),
                        provider.tokenUri(),
                        null,
                        null,
                        ClientAuthentication.CLIENT_SECRET_BASIC,
                        true,
                        Map.of(),
                        Duration.ofSeconds(60),
                        Map.of()));
        manager = TokenManager.builder(
                        store,
                        new OAuth2TokenClient(WebClient.create(), clock, Duration.ofSeconds(5)),
                        new ProviderRegistry(List.of(registration)))
                .resilience(RefreshResilience.withSettings(ResilienceSettings.defaults(), clock))
                .events(event -> {})
                .clock(clock)
                .settings(TokenManagerSettings.defaults().withInstanceId("benchmark"))
                .observations(ObservationRegistry.NOOP)
                .build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
        provider.close();
        vault.close();
    }

    @Setup(Level.Iteration)
    public void startCounting() {
        vault.clearRequests();
        provider.refreshes.set(0);
    }

    @TearDown(Level.Iteration)
    public void reportRequestsPerRefresh() {
        List<RecordedRequest> requests = vault.requests();
        double refreshes = Math.max(1, provider.refreshes.get());
        long reads = requests.stream().filter(r -> r.method().equals("GET")).count();
        long writes = requests.stream().filter(r -> !r.method().equals("GET")).count();
        long landed = requests.stream()
                .filter(r -> !r.method().equals("GET") && r.status() == 200)
                .count();
        System.out.printf(
                "%n  %d refreshes; Vault requests per refresh: %.3f reads, %.3f writes (%.3f landed), "
                        + "invalid_grant: %d%n",
                (long) refreshes,
                reads / refreshes,
                writes / refreshes,
                landed / refreshes,
                provider.invalidGrants.get());
    }

    /** One connection per benchmark thread. */
    @State(Scope.Thread)
    public static class Connection {

        ConnectionId id;

        @Setup(Level.Trial)
        public void create(VaultStoreRefreshBenchmark benchmark) {
            id = ConnectionId.of("acme", "user-" + benchmark.owners.incrementAndGet());
            Instant now = benchmark.clock.instant();
            ConnectionRecord record = new ConnectionRecord(
                    ConnectionRecord.CURRENT_SCHEMA,
                    id,
                    ConnectionStatus.ACTIVE,
                    Secret.of(benchmark.provider.issue()),
                    null,
                    Secret.of("expired"),
                    now.minusSeconds(1),
                    "Bearer",
                    Set.of("read"),
                    Map.of(),
                    now,
                    now,
                    null,
                    null,
                    "g1");
            benchmark.store.write(record, 0).block(Duration.ofSeconds(10));
        }
    }

    /** Moves time an hour on, so the connection's access token has expired, and asks for a token: one refresh. */
    @Benchmark
    public AccessToken refreshThroughVault(Connection connection) {
        clock.step(Duration.ofHours(1));
        return manager.blocking().accessToken(connection.id);
    }

    /** A clock the benchmark moves forward; shared by the threads. */
    static final class SteppingClock extends Clock {

        private final AtomicLong millis;

        SteppingClock(Instant start) {
            this.millis = new AtomicLong(start.toEpochMilli());
        }

        void step(Duration d) {
            millis.addAndGet(d.toMillis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public long millis() {
            return millis.get();
        }
    }

    /** A loopback token endpoint that rotates refresh tokens strictly: each works once. */
    static final class RotatingTokenEndpoint implements AutoCloseable {

        final AtomicInteger refreshes = new AtomicInteger();
        final AtomicInteger invalidGrants = new AtomicInteger();
        private final Set<String> live = ConcurrentHashMap.newKeySet();
        private final DisposableServer server;

        RotatingTokenEndpoint() {
            server = HttpServer.create()
                    .host("127.0.0.1")
                    .port(0)
                    .route(r -> r.post(
                            "/token",
                            (req, res) -> req.receive().aggregate().asString().flatMap(body -> {
                                String used = null;
                                for (String pair : body.split("&")) {
                                    if (pair.startsWith("refresh_token=")) {
                                        used = java.net.URLDecoder.decode(
                                                pair.substring("refresh_token=".length()),
                                                java.nio.charset.StandardCharsets.UTF_8);
                                    }
                                }
                                if (used == null || !live.remove(used)) {
                                    invalidGrants.incrementAndGet();
                                    return res.status(400)
                                            .header("Content-Type", "application/json")
                                            .sendString(Mono.just("{\"error\":\"invalid_grant\"}"))
                                            .then();
                                }
                                refreshes.incrementAndGet();
                                String json =
                                        "{\"access_token\":\"at-" + UUID.randomUUID() + "\",\"token_type\":\"bearer\","
                                                + "\"expires_in\":3600,\"refresh_token\":\"" + issue() + "\"}";
                                return res.status(200)
                                        .header("Content-Type", "application/json")
                                        .sendString(Mono.just(json))
                                        .then();
                            })))
                    .bindNow();
        }

        String issue() {
            String token = "rt-" + UUID.randomUUID();
            live.add(token);
            return token;
        }

        URI tokenUri() {
            return URI.create("http://127.0.0.1:" + server.port() + "/token");
        }

        @Override
        public void close() {
            server.disposeNow();
        }
    }
}
