package io.github.saasconnect.benchmarks;

import io.github.saasconnect.client.ProviderClients;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.job.ConnectionJobs;
import io.github.saasconnect.job.JobReport;
import io.github.saasconnect.job.JobSettings;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.ClientAuthentication;
import io.github.saasconnect.provider.ProviderDescriptor;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.RefreshTokenLifetime;
import io.github.saasconnect.provider.RefreshTokenRotation;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.resilience.ResilienceSettings;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.Fault;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import io.github.saasconnect.token.TokenManager;
import io.github.saasconnect.token.TokenManagerSettings;
import io.micrometer.observation.ObservationRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The 2,000-connection job of issue 6: every connection's access token has expired, so each one costs a refresh at
 * the Google sandbox's token endpoint (20 ms of latency added there) and then one Drive API call, 32 at a time, with
 * the client on <em>one</em> event-loop thread. The ideal is 2,000 / 32 x 20 ms = 1,250 ms; each iteration prints its
 * wall time, the ratio to the ideal, the CPU time the process used and the threads that ran job code.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ConnectionJobBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 10)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class ConnectionJobBenchmark {

    static final int CONNECTIONS = 2000;
    static final int CONCURRENCY = 32;
    static final Duration TOKEN_LATENCY = Duration.ofMillis(20);
    static final double IDEAL_MILLIS = (double) CONNECTIONS / CONCURRENCY * TOKEN_LATENCY.toMillis();

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-25T10:00:00Z"));
    private final Set<String> threads = ConcurrentHashMap.newKeySet();
    private GoogleSandbox google;
    private LoopResources loop;
    private ConnectionProvider pool;
    private TokenManager tokens;
    private ConnectionJobs jobs;
    private long tokenRequestsBefore;
    private long cpuBefore;
    private long wallBefore;
    private long loopCpuBefore;
    private JobReport last;

    @Setup(Level.Trial)
    public void start() {
        google = GoogleSandbox.start(SandboxOptions.defaults().withClock(clock));
        google.faults().always(Endpoint.TOKEN, Fault.slowResponse(TOKEN_LATENCY));
        loop = LoopResources.create("job-client", 1, true);
        pool = ConnectionProvider.builder("job-client")
                .maxConnections(4 * CONCURRENCY)
                .pendingAcquireMaxCount(-1)
                .build();
        WebClient.Builder http = WebClient.builder()
                .clientConnector(
                        new ReactorClientHttpConnector(HttpClient.create(pool).runOn(loop)));

        ProviderRegistration registration = new ProviderRegistration(
                "google",
                ProviderDescriptor.builder("google")
                        .authorizationUri(google.authorizationEndpoint())
                        .tokenUri(google.tokenEndpoint())
                        .apiBaseUri(google.baseUrl())
                        .clientAuthentication(ClientAuthentication.CLIENT_SECRET_POST)
                        .rotation(RefreshTokenRotation.NONE)
                        .refreshTokenLifetime(RefreshTokenLifetime.idle(Duration.ofDays(180)))
                        .build(),
                google.client().clientId(),
                Secret.of(google.client().clientSecret()),
                List.of(),
                null,
                Duration.ofSeconds(60));
        ProviderRegistry registry = new ProviderRegistry(List.of(registration));
        InMemoryTokenStore store = new InMemoryTokenStore();
        RefreshResilience resilience = RefreshResilience.withSettings(ResilienceSettings.defaults(), clock);
        tokens = TokenManager.builder(
                        store, new OAuth2TokenClient(http.build(), clock, Duration.ofSeconds(10)), registry)
                .resilience(resilience)
                .events(event -> {})
                .clock(clock)
                .settings(TokenManagerSettings.defaults())
                .observations(ObservationRegistry.NOOP)
                .build();
        ProviderClients clients = ProviderClients.builder(registry, tokens, store, resilience)
                .webClients(() -> http)
                .clock(clock)
                .build();
        jobs = new ConnectionJobs(store, registry, clients, clock, JobSettings.defaults());

        Instant now = clock.instant();
        for (int i = 0; i < CONNECTIONS; i++) {
            String owner = String.format("user%04d", i);
            SeededConnection seeded = google.connect(google.user(owner));
            store.write(
                            new ConnectionRecord(
                                    ConnectionRecord.CURRENT_SCHEMA,
                                    ConnectionId.of("google", owner),
                                    ConnectionStatus.ACTIVE,
                                    Secret.of(seeded.refreshToken()),
                                    null,
                                    Secret.of(seeded.accessToken()),
                                    seeded.accessTokenExpiresAt(),
                                    "Bearer",
                                    seeded.scopes(),
                                    Map.of(),
                                    now,
                                    now,
                                    null,
                                    null,
                                    "g1"),
                            0)
                    .block();
        }
    }

    /** Two hours on: every access token (1 hour) is past its refresh window, so the job refreshes each one. */
    @Setup(Level.Iteration)
    public void expireAllAccessTokens() {
        clock.advance(Duration.ofHours(2));
        threads.clear();
        tokenRequestsBefore = google.requestCount(Endpoint.TOKEN);
        cpuBefore = processCpuNanos();
        loopCpuBefore = clientLoopCpuNanos();
        wallBefore = System.nanoTime();
    }

    @Benchmark
    public JobReport twoThousandConnections() {
        last = jobs.forEachConnection("google", CONCURRENCY, (connection, api) -> {
            threads.add(Thread.currentThread().getName());
            return api.get()
                    .uri("/drive/v3/files?pageSize=1")
                    .retrieve()
                    .toBodilessEntity()
                    .doOnNext(response -> threads.add(Thread.currentThread().getName()))
                    .then();
        });
        return last;
    }

    @TearDown(Level.Iteration)
    public void report() {
        double wallMillis = (System.nanoTime() - wallBefore) / 1e6;
        long refreshes = google.requestCount(Endpoint.TOKEN) - tokenRequestsBefore;
        Set<String> sorted = new TreeSet<>(threads);
        System.out.printf(
                "%n  job: %d ok, %d failed, %d token requests | wall %.0f ms, ideal %.0f ms, ratio %.2f"
                        + " | CPU: process %.0f ms, client event loop %.0f ms | threads running job code: %s%n",
                last.succeeded(),
                last.failed(),
                refreshes,
                wallMillis,
                IDEAL_MILLIS,
                wallMillis / IDEAL_MILLIS,
                (processCpuNanos() - cpuBefore) / 1e6,
                (clientLoopCpuNanos() - loopCpuBefore) / 1e6,
                sorted);
        if (last.succeeded() != CONNECTIONS || refreshes != CONNECTIONS) {
            throw new IllegalStateException("the job did not refresh and process every connection: " + last);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        tokens.close();
        google.close();
        pool.disposeLater().block(Duration.ofSeconds(5));
        loop.disposeLater().block(Duration.ofSeconds(5));
    }

    /** CPU time of the client's event-loop thread(s), {@code job-client-*}. */
    private static long clientLoopCpuNanos() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("job-client")) {
                total += Math.max(0, mx.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
