package io.github.saasconnect.benchmarks;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.saasconnect.connection.ConnectionId;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * App tokens minted under load: a GitHub App installed on N accounts, each installation's token minted once through
 * the {@code TokenManager} (app JWT signed locally, {@code POST /app/installations/{id}/access_tokens} against the
 * GitHub sandbox with a fixed latency), {@code concurrency} mints in flight from one subscribing thread. The floor is
 * latency × N / concurrency; the report gives the ratio to it, and the mints the sandbox counted.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.saasconnect.benchmarks.AppTokenMintBenchmark \
 *     --installations=500 --latency-ms=20 --concurrency=32 --runs=5
 * </pre>
 */
public final class AppTokenMintBenchmark {

    private AppTokenMintBenchmark() {}

    /** One run. */
    record Run(double wallMillis, long mints, int failed, double cpuMillis) {}

    public static void main(String[] args) {
        HarnessOptions options = HarnessOptions.parse(args);
        int installations = options.integer("installations", 500);
        Duration latency = Duration.ofMillis(options.integer("latency-ms", 20));
        int concurrency = options.integer("concurrency", 32);
        int runs = options.integer("runs", 5);
        double floor = latency.toMillis() * (double) installations / concurrency;
        System.out.printf(
                Locale.ROOT,
                "# App-token mints: %d GitHub App installations, endpoint latency %d ms, concurrency %d, %d runs; "
                        + "floor latency x count / concurrency = %.0f ms; %s%n",
                installations,
                latency.toMillis(),
                concurrency,
                runs,
                floor,
                Machine.describe());
        run(installations / 10, latency, concurrency); // warm-up: JIT, class loading, the HTTP client
        List<Run> measured = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            measured.add(run(installations, latency, concurrency));
        }
        Samples wall = new Samples();
        Samples cpu = new Samples();
        measured.forEach(r -> {
            wall.add(r.wallMillis());
            cpu.add(r.cpuMillis());
        });
        System.out.println();
        System.out.println("| installations | latency ms | in flight | floor ms | wall time ms | ratio to floor "
                + "| mints | failed | process CPU ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        System.out.printf(
                Locale.ROOT,
                "| %d | %d | %d | %.0f | %s | %.2fx | %d | %d | %s |%n",
                installations,
                latency.toMillis(),
                concurrency,
                floor,
                wall.describe(0),
                wall.median() / floor,
                measured.get(0).mints(),
                measured.stream().mapToInt(Run::failed).sum(),
                cpu.describe(0));
        System.exit(0);
    }

    static Run run(int installations, Duration latency, int concurrency) {
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
                            new OAuth2TokenClient(WebClient.create(), clock, Duration.ofSeconds(30)),
                            new ProviderRegistry(List.of(registration)))
                    .resilience(RefreshResilience.withSettings(ResilienceSettings.defaults(), clock))
                    .events(event -> {})
                    .clock(clock)
                    .settings(TokenManagerSettings.defaults())
                    .observations(ObservationRegistry.NOOP)
                    .build();
            AtomicInteger failed = new AtomicInteger();
            ThreadPeak threads = ThreadPeak.start();
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
            return new Run(wall, github.requestCount(Endpoint.APP_TOKEN), failed.get(), threads.cpuMillis());
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
