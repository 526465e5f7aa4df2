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
import io.github.saasconnect.token.TokenManager;
import io.github.saasconnect.token.TokenManagerSettings;
import io.micrometer.observation.ObservationRegistry;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
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
 * latency × N / concurrency.
 *
 * <p>Like a JMH iteration, each run is one application minting every installation's token from a cold cache: one
 * sandbox and one HTTP client (with its connection pool) serve all runs, each run gets a new {@code TokenManager} and
 * registration (so the app JWT is signed once per run, as a job that runs hourly signs it). {@code --warmup=N} runs
 * (default 10) come first and are not reported: the JIT needs a few thousand mints to compile the path.
 *
 * <p>The report gives the median and best wall time and their ratio to the floor, the mints the sandbox counted, the
 * CPU per mint of the client (JIT and GC included) and of the sandbox, and the threads the client's JVM started per
 * mint (and, per run, the time the client's JIT spent compiling: warm-up is long enough when it is near zero).
 * {@code --sandbox-process} runs the sandbox in a JVM of its own, so that the client's CPU is its process's;
 * otherwise the sandbox's CPU is that of its threads in this JVM.
 *
 * <p>{@code --transport=jdk} (default) calls through what the starter uses when the application lends no
 * {@code WebClient.Builder} ({@code JdkWebClients}); {@code --transport=reactor-netty} through
 * {@code WebClient.create()} on Reactor Netty's default connection pool, as an application that lends its own
 * builder would; {@code --pool=N} gives that pool N connections instead of the default.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.saasconnect.benchmarks.AppTokenMintBenchmark \
 *     --installations=500 --latency-ms=20 --concurrency=32 --warmup=10 --runs=5 [--sandbox-process]
 * </pre>
 */
public final class AppTokenMintBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private AppTokenMintBenchmark() {}

    /** One run: wall time, what the sandbox minted, the CPU of client and sandbox, threads the client started. */
    record Run(
            double wallMillis,
            long mints,
            int failed,
            double clientCpuMillis,
            double sandboxCpuMillis,
            long threadsStarted,
            long jitMillis,
            double load) {}

    public static void main(String[] args) {
        HarnessOptions options = HarnessOptions.parse(args);
        int installations = options.integer("installations", 500);
        Duration latency = Duration.ofMillis(options.integer("latency-ms", 20));
        int concurrency = options.integer("concurrency", 32);
        int warmup = options.integer("warmup", 10);
        int runs = options.integer("runs", 5);
        String transport = options.text("transport", "jdk");
        int pool = options.integer("pool", 0);
        boolean forked = options.flag("sandbox-process");
        double floor = latency.toMillis() * (double) installations / concurrency;
        System.out.printf(
                Locale.ROOT,
                "# App-token mints: %d GitHub App installations, endpoint latency %d ms, concurrency %d, %d warm-up "
                        + "and %d measured runs; floor latency x count / concurrency = %.0f ms; transport %s%s; "
                        + "sandbox %s; ForkJoinPool common parallelism %d; %s%n",
                installations,
                latency.toMillis(),
                concurrency,
                warmup,
                runs,
                floor,
                transport,
                pool > 0 ? " (pool " + pool + ")" : "",
                forked ? "in its own process" : "in this process",
                ForkJoinPool.getCommonPoolParallelism(),
                Machine.describe());
        List<Run> measured = new ArrayList<>();
        try (MintSandbox github =
                forked ? MintSandbox.forked(installations, latency) : MintSandbox.inProcess(installations, latency)) {
            WebClient http = transport(transport, pool);
            for (int i = 0; i < warmup; i++) {
                print("warm-up " + (i + 1), run(github, http, concurrency));
            }
            for (int i = 0; i < runs; i++) {
                Run run = run(github, http, concurrency);
                print("run " + (i + 1), run);
                measured.add(run);
            }
        }
        report(measured, installations, latency, concurrency, floor, transport, pool, forked);
        System.exit(0);
    }

    private static void print(String name, Run run) {
        System.out.printf(
                Locale.ROOT,
                "%s: %.0f ms wall, %d mints, %d failed, CPU %.0f ms client + %.0f ms sandbox, %d threads started, "
                        + "client JIT compiling %d ms, load average %.1f%n",
                name,
                run.wallMillis(),
                run.mints(),
                run.failed(),
                run.clientCpuMillis(),
                run.sandboxCpuMillis(),
                run.threadsStarted(),
                run.jitMillis(),
                run.load());
    }

    private static void report(
            List<Run> measured,
            int installations,
            Duration latency,
            int concurrency,
            double floor,
            String transport,
            int pool,
            boolean forked) {
        Samples wall = new Samples();
        Samples clientCpu = new Samples();
        Samples sandboxCpu = new Samples();
        Samples threads = new Samples();
        for (Run r : measured) {
            wall.add(r.wallMillis());
            clientCpu.add(r.clientCpuMillis() / r.mints() * 1000);
            sandboxCpu.add(r.sandboxCpuMillis() / r.mints() * 1000);
            threads.add((double) r.threadsStarted() / r.mints());
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double cpuFloor = (clientCpu.median() + sandboxCpu.median()) * installations / 1000 / cores;
        System.out.println();
        System.out.println("| transport | sandbox | installations | latency ms | in flight | floor ms "
                + "| wall time ms, median (min–max) | ratio to floor, median | best | mints | failed "
                + "| client CPU µs per mint | sandbox CPU µs per mint | threads started per mint | load average |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        System.out.printf(
                Locale.ROOT,
                "| %s%s | %s | %d | %d | %d | %.0f | %s | %.2fx | %.2fx | %d | %d | %s | %s | %.2f | %.1f–%.1f |%n",
                transport,
                pool > 0 ? " (pool " + pool + ")" : "",
                forked ? "own process" : "same process",
                installations,
                latency.toMillis(),
                concurrency,
                floor,
                wall.describe(0),
                wall.median() / floor,
                wall.min() / floor,
                measured.get(0).mints(),
                measured.stream().mapToInt(Run::failed).sum(),
                clientCpu.describe(0),
                sandboxCpu.describe(0),
                threads.median(),
                measured.stream().mapToDouble(Run::load).min().orElse(0),
                measured.stream().mapToDouble(Run::load).max().orElse(0));
        System.out.printf(
                Locale.ROOT,
                "%nCPU floor: (%.0f + %.0f) µs per mint x %d mints / %d cores = %.0f ms of wall time at the least "
                        + "(%.2fx the latency floor)%n",
                clientCpu.median(),
                sandboxCpu.median(),
                installations,
                cores,
                cpuFloor,
                cpuFloor / floor);
    }

    private static WebClient transport(String name, int pool) {
        return switch (name) {
            case "jdk" -> JdkWebClients.builder().build();
            case "reactor-netty" ->
                pool > 0
                        ? WebClient.builder()
                                .clientConnector(new ReactorClientHttpConnector(
                                        HttpClient.create(ConnectionProvider.create("mint-benchmark", pool))))
                                .build()
                        : WebClient.create();
            default -> throw new IllegalArgumentException("--transport is jdk or reactor-netty, not " + name);
        };
    }

    static Run run(MintSandbox github, WebClient http, int concurrency) {
        Clock clock = Clock.systemUTC();
        List<ConnectionId> ids = github.installations().stream()
                .map(id -> ConnectionId.app("gh-app", Long.toString(id)))
                .toList();
        TokenManager tokens = TokenManager.builder(
                        new InMemoryTokenStore(),
                        new OAuth2TokenClient(http, clock, Duration.ofSeconds(30)),
                        new ProviderRegistry(List.of(registration(github))))
                .resilience(RefreshResilience.withSettings(ResilienceSettings.defaults(), clock))
                .events(event -> {})
                .clock(clock)
                .settings(TokenManagerSettings.defaults())
                .observations(ObservationRegistry.NOOP)
                .build();
        AtomicInteger failed = new AtomicInteger();
        MintSandbox.Stats before = github.stats();
        long threadsBefore = THREADS.getTotalStartedThreadCount();
        long cpuBefore = OS.getProcessCpuTime();
        long jitBefore = JIT.getTotalCompilationTime();
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
        double cpu = (OS.getProcessCpuTime() - cpuBefore) / 1e6;
        long threads = THREADS.getTotalStartedThreadCount() - threadsBefore;
        MintSandbox.Stats after = github.stats();
        double sandboxCpu = after.cpuMillis() - before.cpuMillis();
        return new Run(
                wall,
                after.mints() - before.mints(),
                failed.get(),
                github.ownProcess() ? cpu : cpu - sandboxCpu,
                sandboxCpu,
                threads,
                JIT.getTotalCompilationTime() - jitBefore,
                OS.getSystemLoadAverage());
    }

    private static ProviderRegistration registration(MintSandbox github) {
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
                                github.clientId(),
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
