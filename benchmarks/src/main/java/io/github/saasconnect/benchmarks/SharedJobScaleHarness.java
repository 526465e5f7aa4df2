package io.github.saasconnect.benchmarks;

import io.github.saasconnect.client.ProviderClients;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.job.ConnectionJobs;
import io.github.saasconnect.job.ConnectionWork;
import io.github.saasconnect.job.JobReport;
import io.github.saasconnect.job.JobSettings;
import io.github.saasconnect.job.SharedJob;
import io.github.saasconnect.keepalive.KeepAliveReport;
import io.github.saasconnect.keepalive.KeepAliveSettings;
import io.github.saasconnect.keepalive.KeepAliveSweep;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.ClientAuthentication;
import io.github.saasconnect.provider.ProviderDescriptor;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.RefreshTokenLifetime;
import io.github.saasconnect.provider.RefreshTokenRotation;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.resilience.ResilienceSettings;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.ProviderSandbox;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import io.github.saasconnect.testkit.sandbox.bitbucket.BitbucketSandbox;
import io.github.saasconnect.testkit.sandbox.docusign.DocuSignSandbox;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import io.github.saasconnect.testkit.sandbox.microsoft.MicrosoftSandbox;
import io.github.saasconnect.token.TokenManager;
import io.github.saasconnect.token.TokenManagerSettings;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The scale harness of issue 16: N connections spread evenly over the five provider sandboxes (Google, Microsoft,
 * GitHub, DocuSign, Bitbucket; every response delayed by the latency), in one store, and
 *
 * <ol>
 *   <li><b>a shared job on R replicas</b>: R {@link ConnectionJobs} (each with its own {@link TokenManager} and
 *       clients, as R processes would have) run {@code shared("scale-sync", 10 min)} over all five registrations at once,
 *       one API call per connection, C connections in flight per registration and replica. Reported: wall time against
 *       the ideal N x latency / (R x 5 x C), API calls counted per connection (must be exactly 1) and by the sandboxes
 *       (the total);</li>
 *   <li><b>a replica killed mid-run</b>: the same with the last replica's run cancelled once a third of the
 *       connections are done (its claims in flight stay in progress), the clock moved past the claims' lapse, and
 *       the surviving replicas running the job again in the same period: they take its claims over, and every
 *       connection is still processed exactly once;</li>
 *   <li><b>a keep-alive sweep on S instances</b>: half of the connections of each provider whose refresh tokens die
 *       idle are stored as refreshed long enough ago to be due; S {@link KeepAliveSweep}s with the store's claims sweep
 *       together. Reported: token requests against connections due (must be equal), and refreshes that failed or met
 *       a refresh token the provider had rotated away (must be 0: the strict-rotation sandboxes answer such a token
 *       with invalid_grant, which marks the connection for reauthorization).</li>
 * </ol>
 *
 * The clock stands still (the sandboxes', the token managers', the claims'), except where the harness moves it.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.saasconnect.benchmarks.SharedJobScaleHarness \
 *     --connections=100000 --latency-ms=20 --stores=file,postgres,vault --replicas=3 --concurrency=16 --sweepers=4
 * </pre>
 */
public final class SharedJobScaleHarness {

    private static final String JOB = "scale-sync";
    /** Short enough that the next period and a lapse later every access token (1 hour) is still valid. */
    private static final SharedJob SYNC = new SharedJob(JOB, Duration.ofMinutes(10), Duration.ofMinutes(2));

    private SharedJobScaleHarness() {}

    /** One registration over one sandbox, with the API call a job makes for each connection. */
    record Provider(ProviderSandbox sandbox, ProviderRegistration registration, String apiPath, Endpoint counted) {

        String id() {
            return registration.id();
        }
    }

    public static void main(String[] args) throws Exception {
        HarnessOptions options = HarnessOptions.parse(args);
        int connections = options.integer("connections", 100_000);
        Duration latency = Duration.ofMillis(options.integer("latency-ms", 20));
        int replicas = options.integer("replicas", 3);
        int concurrency = options.integer("concurrency", 16);
        int sweepers = options.integer("sweepers", 4);
        System.out.printf(
                Locale.ROOT,
                "# Shared job and keep-alive at scale: %,d connections over 5 sandboxes, latency %d ms, %d replicas x 5 "
                        + "registrations x %d in flight, %d sweeping instances; %s%n",
                connections,
                latency.toMillis(),
                replicas,
                concurrency,
                sweepers,
                Machine.describe());
        for (String store : options.text("stores", "file,postgres,vault").split(",")) {
            run(store.strip(), connections, latency, replicas, concurrency, sweepers);
        }
        System.exit(0);
    }

    private static void run(String kind, int connections, Duration latency, int replicas, int concurrency, int sweepers)
            throws Exception {
        MutableClock clock = MutableClock.at(Instant.parse("2026-11-25T10:07:00Z"));
        List<AutoCloseable> resources = new ArrayList<>();
        List<Provider> providers = startSandboxes(clock, resources);
        ConnectionProvider pool = ConnectionProvider.builder("scale-harness")
                .maxConnections(2000)
                .pendingAcquireMaxCount(-1)
                .build();
        WebClient.Builder http =
                WebClient.builder().clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)));
        try {
            TokenStore store = BenchmarkStores.open(kind, resources, clock);
            CountingJobClaims claims = new CountingJobClaims(BenchmarkStores.claims(store));
            ProviderRegistry registry = new ProviderRegistry(
                    providers.stream().map(Provider::registration).toList());
            long seedStart = System.nanoTime();
            int due = seed(store, providers, connections, clock);
            System.out.printf(
                    Locale.ROOT,
                    "%n## store %s%n%nseeded %,d connections (%,d due for keep-alive) in %.1f s%n",
                    kind,
                    connections,
                    due,
                    (System.nanoTime() - seedStart) / 1e9);
            providers.forEach(p -> p.sandbox().latency(latency));
            List<TokenManager> managers = new ArrayList<>();
            Function<String, TokenManager> manager = id -> {
                TokenManager tokens = TokenManager.builder(
                                store, new OAuth2TokenClient(http.build(), clock, Duration.ofSeconds(30)), registry)
                        .resilience(RefreshResilience.withSettings(ResilienceSettings.defaults(), clock))
                        .events(event -> {})
                        .clock(clock)
                        .settings(TokenManagerSettings.defaults().withInstanceId(id))
                        .observations(ObservationRegistry.NOOP)
                        .build();
                managers.add(tokens);
                return tokens;
            };

            double ideal = (double) connections * latency.toMillis() / (replicas * providers.size() * concurrency);
            // 1. the shared job, all replicas together
            List<ConnectionJobs> jobs = new ArrayList<>();
            for (int r = 0; r < replicas; r++) {
                TokenManager tokens = manager.apply("replica-" + r);
                ProviderClients clients = ProviderClients.builder(
                                registry,
                                tokens,
                                store,
                                RefreshResilience.withSettings(ResilienceSettings.defaults(), clock))
                        .webClients(() -> http)
                        .clock(clock)
                        .build();
                jobs.add(new ConnectionJobs(store, registry, clients, clock, new JobSettings(100, 100))
                        .withClaims(claims, "replica-" + r)
                        .shared(SYNC));
            }
            Map<ConnectionId, AtomicInteger> calls = new ConcurrentHashMap<>();
            long apiBefore = apiRequests(providers);
            resetClaimCounts(claims);
            long start = System.nanoTime();
            List<List<JobReport>> reports = Flux.fromIterable(jobs)
                    .flatMap(replica -> runAll(replica, providers, concurrency, calls))
                    .collectList()
                    .block();
            double wall = (System.nanoTime() - start) / 1e6;
            printJob(
                    "shared job, " + replicas + " replicas",
                    wall,
                    ideal,
                    reports,
                    calls,
                    connections,
                    providers,
                    apiBefore);
            printClaimCounts(claims, connections);

            // 2. the next period, the last replica killed a third of the way through
            clock.advance(SYNC.period());
            calls.clear();
            apiBefore = apiRequests(providers);
            resetClaimCounts(claims);
            AtomicInteger doneByVictim = new AtomicInteger();
            int killAt = connections / 3 / replicas;
            List<ConnectionJobs> survivors = jobs.subList(0, replicas - 1);
            ConnectionJobs victim = jobs.get(replicas - 1);
            start = System.nanoTime();
            Disposable[] victimRun = new Disposable[1];
            victimRun[0] = Flux.fromIterable(providers)
                    .flatMap(p -> victim.forEachConnectionReactive(p.id(), concurrency, counting(p, calls, () -> {
                        if (doneByVictim.incrementAndGet() == killAt) {
                            // "kill -9": the run stops where it is, its claims in flight stay in progress
                            Mono.fromRunnable(() -> victimRun[0].dispose()).subscribe();
                        }
                    })))
                    .subscribe();
            List<List<JobReport>> first = Flux.fromIterable(survivors)
                    .flatMap(replica -> runAll(replica, providers, concurrency, calls))
                    .collectList()
                    .block();
            long orphaned = connections - calls.size();
            clock.advance(SYNC.lapse().plusSeconds(1));
            List<List<JobReport>> second = Flux.fromIterable(survivors)
                    .flatMap(replica -> runAll(replica, providers, concurrency, calls))
                    .collectList()
                    .block();
            wall = (System.nanoTime() - start) / 1e6;
            List<List<JobReport>> all = new ArrayList<>(first);
            all.addAll(second);
            int takenOver = all.stream()
                    .flatMap(List::stream)
                    .mapToInt(r -> r.shared().takenOver())
                    .sum();
            System.out.printf(
                    Locale.ROOT,
                    "replica-%d killed after %,d connections; %,d connections unprocessed after the survivors' first run, "
                            + "%,d taken over after the lapse%n",
                    replicas - 1,
                    doneByVictim.get(),
                    orphaned,
                    takenOver);
            printJob(
                    "shared job, replica killed, 2 runs of " + (replicas - 1) + " survivors",
                    wall,
                    Double.NaN,
                    all,
                    calls,
                    connections,
                    providers,
                    apiBefore);
            printClaimCounts(claims, connections);

            // 3. the keep-alive sweep on several instances
            List<KeepAliveSweep> sweeps = new ArrayList<>();
            for (int s = 0; s < sweepers; s++) {
                sweeps.add(new KeepAliveSweep(
                        store,
                        manager.apply("sweeper-" + s),
                        registry,
                        event -> {},
                        clock,
                        KeepAliveSettings.defaults(),
                        ObservationRegistry.NOOP,
                        claims,
                        "sweeper-" + s));
            }
            long tokensBefore = tokenRequests(providers);
            System.out.printf(Locale.ROOT, "token requests during the jobs: %,d%n", tokensBefore);
            resetClaimCounts(claims);
            start = System.nanoTime();
            List<KeepAliveReport> swept = Flux.fromIterable(sweeps)
                    .flatMap(KeepAliveSweep::sweep)
                    .collectList()
                    .block();
            wall = (System.nanoTime() - start) / 1e6;
            KeepAliveReport total = swept.stream().reduce(KeepAliveReport.EMPTY, SharedJobScaleHarness::plus);
            System.out.printf(
                    Locale.ROOT,
                    "%n| keep-alive, %d instances | wall s | due | token requests | refreshed | claimed by others | "
                            + "reauthorization required | failed |%n|---|---|---|---|---|---|---|---|%n"
                            + "| %s | %.1f | %,d | %,d | %,d | %,d | %d | %d |%n",
                    sweepers,
                    kind,
                    wall / 1000,
                    due,
                    tokenRequests(providers) - tokensBefore,
                    total.refreshed(),
                    total.claimedByOthers(),
                    total.reauthorizationRequired(),
                    total.failed());
            printClaimCounts(claims, connections);
            managers.forEach(TokenManager::close);
        } finally {
            for (AutoCloseable resource : resources) {
                resource.close();
            }
            pool.dispose();
        }
    }

    private static void resetClaimCounts(CountingJobClaims claims) {
        claims.reset();
        ClaimStatements.COUNT.set(0);
    }

    /** Round trips to the claims per connection, and for JDBC the SQL statements on the claims' table. */
    private static void printClaimCounts(CountingJobClaims claims, int connections) {
        System.out.printf(
                Locale.ROOT,
                "claim store operations: %s; SQL statements on the claims' table %.2f per connection%n",
                claims.perConnection(connections),
                (double) ClaimStatements.COUNT.get() / connections);
    }

    private static Mono<List<JobReport>> runAll(
            ConnectionJobs replica, List<Provider> providers, int concurrency, Map<ConnectionId, AtomicInteger> calls) {
        return Flux.fromIterable(providers)
                .flatMap(p -> replica.forEachConnectionReactive(p.id(), concurrency, counting(p, calls, () -> {})))
                .collectList();
    }

    /** One API call as the connection, counted for it once the provider answered. */
    private static ConnectionWork counting(Provider p, Map<ConnectionId, AtomicInteger> calls, Runnable after) {
        return (connection, api) -> api.get()
                .uri(p.apiPath())
                .retrieve()
                .toBodilessEntity()
                .doOnNext(response -> {
                    calls.computeIfAbsent(connection.id(), id -> new AtomicInteger())
                            .incrementAndGet();
                    after.run();
                })
                .then();
    }

    private static void printJob(
            String what,
            double wallMillis,
            double idealMillis,
            List<List<JobReport>> reports,
            Map<ConnectionId, AtomicInteger> calls,
            int connections,
            List<Provider> providers,
            long apiBefore) {
        List<JobReport> flat = reports.stream().flatMap(List::stream).toList();
        long once = calls.values().stream().filter(c -> c.get() == 1).count();
        long more = calls.values().stream().filter(c -> c.get() > 1).count();
        System.out.printf(
                Locale.ROOT,
                "%n| %s | wall s | ideal s | ratio | processed | failed | connections called once | more than once | "
                        + "never | sandbox API requests |%n|---|---|---|---|---|---|---|---|---|---|%n"
                        + "| | %.1f | %s | %s | %,d | %,d | %,d | %,d | %,d | %,d |%n",
                what,
                wallMillis / 1000,
                Double.isNaN(idealMillis) ? "" : String.format(Locale.ROOT, "%.1f", idealMillis / 1000),
                Double.isNaN(idealMillis) ? "" : String.format(Locale.ROOT, "%.2f", wallMillis / idealMillis),
                flat.stream().mapToInt(JobReport::succeeded).sum(),
                flat.stream().mapToInt(JobReport::failed).sum(),
                once,
                more,
                connections - calls.size(),
                apiRequests(providers) - apiBefore);
    }

    private static KeepAliveReport plus(KeepAliveReport a, KeepAliveReport b) {
        return new KeepAliveReport(
                a.examined() + b.examined(),
                a.refreshed() + b.refreshed(),
                a.expiringWarned() + b.expiringWarned(),
                a.reauthorizationRequired() + b.reauthorizationRequired(),
                a.failed() + b.failed(),
                a.unreadable() + b.unreadable(),
                a.claimedByOthers() + b.claimedByOthers());
    }

    private static long apiRequests(List<Provider> providers) {
        return providers.stream()
                .mapToLong(p -> p.sandbox().requestCount(p.counted()))
                .sum();
    }

    private static long tokenRequests(List<Provider> providers) {
        return providers.stream()
                .mapToLong(p -> p.sandbox().requestCount(Endpoint.TOKEN))
                .sum();
    }

    /**
     * Stores {@code count} connections, one fifth per provider. Of the providers whose refresh tokens die idle, every
     * second connection was last refreshed long enough ago that the keep-alive finds it due (the sandboxes do not know
     * that, so they take its refresh token).
     *
     * @return how many are due
     */
    private static int seed(TokenStore store, List<Provider> providers, int count, MutableClock clock) {
        Instant now = clock.instant();
        AtomicInteger due = new AtomicInteger();
        Flux.range(0, count)
                .flatMap(
                        i -> {
                            Provider p = providers.get(i % providers.size());
                            String owner = "user-" + i;
                            SeededConnection seeded =
                                    p.sandbox().connect(p.sandbox().user(owner));
                            Duration maxIdle = p.registration()
                                    .descriptor()
                                    .refreshTokenLifetime()
                                    .maxIdle();
                            boolean idle = maxIdle != null && (i / providers.size()) % 2 == 0;
                            if (idle) {
                                due.incrementAndGet();
                            }
                            Instant lastRefreshed = idle ? now.minus(maxIdle.minus(Duration.ofDays(10))) : now;
                            ConnectionRecord record = new ConnectionRecord(
                                    ConnectionRecord.CURRENT_SCHEMA,
                                    ConnectionId.of(p.id(), owner),
                                    ConnectionStatus.ACTIVE,
                                    Secret.ofNullable(seeded.refreshToken()),
                                    null,
                                    Secret.of(seeded.accessToken()),
                                    seeded.accessTokenExpiresAt(),
                                    "Bearer",
                                    seeded.scopes(),
                                    Map.of(),
                                    lastRefreshed,
                                    lastRefreshed,
                                    null,
                                    null,
                                    "g1");
                            return store.write(record, 0);
                        },
                        32)
                .blockLast();
        return due.get();
    }

    private static List<Provider> startSandboxes(MutableClock clock, List<AutoCloseable> resources) {
        SandboxOptions options = SandboxOptions.defaults().withClock(clock);
        GoogleSandbox google = GoogleSandbox.start(options);
        MicrosoftSandbox microsoft = MicrosoftSandbox.start(options);
        GitHubSandbox github = GitHubSandbox.start(options);
        DocuSignSandbox docusign = DocuSignSandbox.start(options);
        BitbucketSandbox bitbucket = BitbucketSandbox.start(options);
        resources.addAll(List.of(google, microsoft, github, docusign, bitbucket));
        return List.of(
                provider(
                        "google",
                        google,
                        google.tokenEndpoint(),
                        google.baseUrl(),
                        RefreshTokenRotation.NONE,
                        RefreshTokenLifetime.idle(Duration.ofDays(180)),
                        ClientAuthentication.CLIENT_SECRET_POST,
                        "/drive/v3/files?pageSize=1",
                        Endpoint.API),
                provider(
                        "microsoft",
                        microsoft,
                        microsoft.tokenEndpoint(),
                        microsoft.baseUrl(),
                        RefreshTokenRotation.ROTATES_OLD_STAYS_VALID,
                        RefreshTokenLifetime.idle(Duration.ofDays(90)),
                        ClientAuthentication.CLIENT_SECRET_POST,
                        "/v1.0/me",
                        Endpoint.API),
                provider(
                        "github",
                        github,
                        github.tokenEndpoint(),
                        github.apiBaseUrl(),
                        RefreshTokenRotation.STRICT,
                        new RefreshTokenLifetime(null, true),
                        ClientAuthentication.CLIENT_SECRET_POST,
                        "/user",
                        Endpoint.API),
                provider(
                        "docusign",
                        docusign,
                        docusign.tokenEndpoint(),
                        docusign.baseUrl(),
                        RefreshTokenRotation.STRICT,
                        RefreshTokenLifetime.idle(Duration.ofDays(30)),
                        ClientAuthentication.CLIENT_SECRET_BASIC,
                        "/oauth/userinfo",
                        Endpoint.USERINFO),
                provider(
                        "bitbucket",
                        bitbucket,
                        bitbucket.tokenEndpoint(),
                        bitbucket.baseUrl(),
                        RefreshTokenRotation.ROTATES_WITH_GRACE_PERIOD,
                        RefreshTokenLifetime.idle(Duration.ofDays(90)),
                        ClientAuthentication.CLIENT_SECRET_BASIC,
                        "/2.0/user",
                        Endpoint.API));
    }

    private static Provider provider(
            String id,
            ProviderSandbox sandbox,
            URI token,
            URI api,
            RefreshTokenRotation rotation,
            RefreshTokenLifetime lifetime,
            ClientAuthentication authentication,
            String apiPath,
            Endpoint counted) {
        ProviderDescriptor descriptor = ProviderDescriptor.builder(id)
                .authorizationUri(sandbox.authorizationEndpoint())
                .tokenUri(token)
                .apiBaseUri(api)
                .clientAuthentication(authentication)
                .rotation(rotation)
                .refreshTokenLifetime(lifetime)
                .build();
        return new Provider(
                sandbox,
                new ProviderRegistration(
                        id,
                        descriptor,
                        sandbox.client().clientId(),
                        Secret.of(sandbox.client().clientSecret()),
                        List.of(),
                        null,
                        Duration.ofSeconds(60)),
                apiPath,
                counted);
    }
}
