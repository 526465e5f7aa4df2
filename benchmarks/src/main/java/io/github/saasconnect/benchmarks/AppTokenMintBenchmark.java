package io.github.saasconnect.benchmarks;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.http.JdkWebClients;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.AppCredentials;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.RegistrationSettings;
import io.github.saasconnect.provider.github.GitHubProviderType;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.resilience.ResilienceSettings;
import io.github.saasconnect.signing.LocalJwsSigner;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.testkit.TestKeys;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import io.github.saasconnect.token.TokenManager;
import io.github.saasconnect.token.TokenManagerSettings;
import io.micrometer.observation.ObservationRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * App tokens minted under load: a GitHub App installed on N accounts, each installation's token minted once through
 * the {@code TokenManager} (app JWT signed locally, {@code POST /app/installations/{id}/access_tokens} against the
 * GitHub sandbox with a fixed latency), {@code concurrency} mints in flight from one subscribing thread. The floor is
 * latency × N / concurrency; the report gives the ratio to it, the mints the sandbox counted, the process's CPU time,
 * and the CPU per mint besides the sandbox's event loops (the client side, JIT compilation and GC included).
 *
 * <p>{@code --transport=jdk} (default) calls through what the starter uses when the application lends no
 * {@code WebClient.Builder} ({@code JdkWebClients}); {@code --transport=reactor-netty} through
 * {@code WebClient.create()} on Reactor Netty's default connection pool, as an application that lends its own
 * builder would; {@code --pool=N} gives that pool N connections instead of the default.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.saasconnect.benchmarks.AppTokenMintBenchmark \
 *     --installations=500 --latency-ms=20 --concurrency=32 --runs=5
 * </pre>
 */
public final class AppTokenMintBenchmark {

    private AppTokenMintBenchmark() {}

    /** One run. */
    record Run(double wallMillis, long mints, int failed, double cpuMillis, double sandboxCpuMillis, double load) {}

    public static void main(String[] args) {
        HarnessOptions options = HarnessOptions.parse(args);
        int installations = options.integer("installations", 500);
        Duration latency = Duration.ofMillis(options.integer("latency-ms", 20));
        int concurrency = options.integer("concurrency", 32);
        int runs = options.integer("runs", 5);
        String transport = options.text("transport", "jdk");
        int pool = options.integer("pool", 0);
        Supplier<WebClient> http = transport(transport, pool);
        double floor = latency.toMillis() * (double) installations / concurrency;
        System.out.printf(
                Locale.ROOT,
                "# App-token mints: %d GitHub App installations, endpoint latency %d ms, concurrency %d, %d runs; "
                        + "floor latency x count / concurrency = %.0f ms; transport %s%s; %s%n",
                installations,
                latency.toMillis(),
                concurrency,
                runs,
                floor,
                transport,
                pool > 0 ? " (pool " + pool + ")" : "",
                Machine.describe());
        // warm-up: JIT (a few thousand mints before C2 has compiled the path), class loading, the HTTP client
        for (int i = 0; i < 3; i++) {
            run(installations, latency, concurrency, http);
        }
        List<Run> measured = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Run run = run(installations, latency, concurrency, http);
            System.out.printf(
                    Locale.ROOT,
                    "run %d: %.0f ms wall, %.0f ms process CPU (sandbox threads %.0f), load average %.1f%n",
                    i + 1,
                    run.wallMillis(),
                    run.cpuMillis(),
                    run.sandboxCpuMillis(),
                    run.load());
            measured.add(run);
        }
        Samples wall = new Samples();
        Samples cpu = new Samples();
        Samples clientCpu = new Samples();
        measured.forEach(r -> {
            wall.add(r.wallMillis());
            cpu.add(r.cpuMillis());
            clientCpu.add((r.cpuMillis() - r.sandboxCpuMillis()) / r.mints() * 1000);
        });
        System.out.println();
        System.out.println("| installations | latency ms | in flight | floor ms | wall time ms | ratio to floor "
                + "| mints | failed | process CPU ms | CPU µs per mint besides the sandbox | load average |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        System.out.printf(
                Locale.ROOT,
                "| %d | %d | %d | %.0f | %s | %.2fx | %d | %d | %s | %s | %.1f–%.1f |%n",
                installations,
                latency.toMillis(),
                concurrency,
                floor,
                wall.describe(0),
                wall.median() / floor,
                measured.get(0).mints(),
                measured.stream().mapToInt(Run::failed).sum(),
                cpu.describe(0),
                clientCpu.describe(0),
                measured.stream().mapToDouble(Run::load).min().orElse(0),
                measured.stream().mapToDouble(Run::load).max().orElse(0));
        System.exit(0);
    }

    private static Supplier<WebClient> transport(String name, int pool) {
        return switch (name) {
            case "jdk" -> () -> JdkWebClients.builder().build();
            case "reactor-netty" ->
                pool > 0
                        ? () -> WebClient.builder()
                                .clientConnector(new ReactorClientHttpConnector(
                                        HttpClient.create(ConnectionProvider.create("mint-benchmark", pool))))
                                .build()
                        : WebClient::create;
            default -> throw new IllegalArgumentException("--transport is jdk or reactor-netty, not " + name);
        };
    }

    static Run run(int installations, Duration latency, int concurrency, Supplier<WebClient> http) {
        Clock clock = Clock.systemUTC();
        try (GitHubSandbox github = GitHubSandbox.start()) {
            github.appPublicKey(TestKeys.APP.publicKey());
            List<ConnectionId> ids = new ArrayList<>(installations);
            for (int i = 0; i < installations; i++) {
                ids.add(ConnectionId.app("gh-app", Long.toString(github.installApp("org-" + i))));
            }
            github.latency(latency);
            ProviderRegistration registration = registration(github);
            TokenManager tokens = TokenManager.builder(
                            new InMemoryTokenStore(),
                            new OAuth2TokenClient(http.get(), clock, Duration.ofSeconds(30)),
                            new ProviderRegistry(List.of(registration)))
                    .resilience(RefreshResilience.withSettings(ResilienceSettings.defaults(), clock))
                    .events(event -> {})
                    .clock(clock)
                    .settings(TokenManagerSettings.defaults())
                    .observations(ObservationRegistry.NOOP)
                    .build();
            AtomicInteger failed = new AtomicInteger();
            ThreadPeak threads = ThreadPeak.start();
            double sandboxBefore = ThreadPeak.cpuMillisOfThreadsNamed("GitHub-sandbox");
            long start = System.nanoTime();
            Flux.fromIterable(ids)
                    .flatMap(
                            id -> tokens.accessToken(id).onErrorResume(e -> {
                                failed.incrementAndGet();
                                return Mono.empty();
                            }),
                            concurrency)
                    .then()
                    .block();
            double wall = (System.nanoTime() - start) / 1e6;
            return new Run(
                    wall,
                    github.requestCount(Endpoint.APP_TOKEN),
                    failed.get(),
                    threads.cpuMillis(),
                    ThreadPeak.cpuMillisOfThreadsNamed("GitHub-sandbox") - sandboxBefore,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static ProviderRegistration registration(GitHubSandbox github) {
        AppCredentials app = new AppCredentials(
                List.of(),
                LocalJwsSigner.fromPem(TestKeys.APP.pkcs1PrivateKeyPem(), JWSAlgorithm.RS256, "benchmark key"),
                null,
                github.appId(),
                List.of(),
                Map.of());
        return new GitHubProviderType()
                .register(new RegistrationSettings(
                                "gh-app",
                                "github",
                                github.client().clientId(),
                                null,
                                List.of(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                Map.of(),
                                Duration.ofSeconds(60),
                                Map.of(
                                        "web-base-url", github.webBaseUrl().toString(),
                                        "api-base-url", github.apiBaseUrl().toString()))
                        .withApp(app));
    }
}
