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
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.file.FileTokenStore;
import io.github.saasconnect.store.jdbc.JdbcTokenStore;
import io.github.saasconnect.store.vault.VaultTokenStore;
import io.github.saasconnect.token.TokenManager;
import io.github.saasconnect.token.TokenManagerSettings;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Refresh throughput through each shared store, side by side in one run: a {@link TokenManager} whose every call
 * finds its access token expired, so it reads the connection from the store, takes the refresh lease (a
 * compare-and-set write), calls a loopback token endpoint that rotates refresh tokens strictly, and writes the
 * result (a second compare-and-set write).
 *
 * <ul>
 *   <li>{@code vault}: {@link VaultTokenStore} on the test kit's Vault server, over loopback HTTP through Spring
 *       Vault's reactive client;</li>
 *   <li>{@code postgres}: {@link JdbcTokenStore} on an embedded PostgreSQL (real server binaries, loopback TCP),
 *       HikariCP pool of 10, envelope-encrypted records;</li>
 *   <li>{@code file}: {@link FileTokenStore} in a temporary directory (one process only).</li>
 * </ul>
 *
 * After each iteration it prints the store round trips per refresh (calls of the {@link TokenStore}, each one
 * request to Vault or one SQL statement), whose target is one read and two writes. Run with {@code -t 1} and
 * {@code -t 4} (each thread refreshes its own connection).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class StoreRefreshBenchmark {

    @Param({"vault", "postgres", "file"})
    public String store;

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final AtomicInteger owners = new AtomicInteger();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private RotatingTokenEndpoint provider;
    private CountingStore counted;
    private TokenManager manager;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        provider = new RotatingTokenEndpoint();
        counted = new CountingStore(open(store));
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
                        counted,
                        new OAuth2TokenClient(WebClient.create(), clock, Duration.ofSeconds(5)),
                        new ProviderRegistry(List.of(registration)))
                .resilience(RefreshResilience.withSettings(ResilienceSettings.defaults(), clock))
                .events(event -> {})
                .clock(clock)
                .settings(TokenManagerSettings.defaults().withInstanceId("benchmark"))
                .observations(ObservationRegistry.NOOP)
                .build();
    }

    /** The store under test, as an application would configure it. */
    private TokenStore open(String kind) throws Exception {
        return BenchmarkStores.open(kind, resources, clock);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        manager.close();
        provider.close();
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    @Setup(Level.Iteration)
    public void startCounting() {
        counted.reset();
        provider.refreshes.set(0);
    }

    @TearDown(Level.Iteration)
    public void reportRoundTripsPerRefresh() {
        double refreshes = Math.max(1, provider.refreshes.get());
        System.out.printf(
                "%n  %s: %d refreshes; store round trips per refresh: %.3f reads, %.3f writes (%.3f landed), "
                        + "invalid_grant: %d%n",
                store,
                (long) refreshes,
                counted.reads.get() / refreshes,
                (counted.landed.get() + counted.lost.get()) / refreshes,
                counted.landed.get() / refreshes,
                provider.invalidGrants.get());
    }

    /** One connection per benchmark thread. */
    @State(Scope.Thread)
    public static class Connection {

        ConnectionId id;

        @Setup(Level.Trial)
        public void create(StoreRefreshBenchmark benchmark) {
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
            benchmark.counted.write(record, 0).block(Duration.ofSeconds(10));
        }
    }

    /** Moves time an hour on, so the connection's access token has expired, and asks for a token: one refresh. */
    @Benchmark
    public AccessToken refresh(Connection connection) {
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
