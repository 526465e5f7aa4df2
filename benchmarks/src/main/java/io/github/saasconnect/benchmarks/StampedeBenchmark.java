package io.github.saasconnect.benchmarks;

import io.github.saasconnect.benchmarks.SandboxProvider.Kind;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;

/**
 * Comparisons 2 and 3: callers released together on one connection whose access token has expired, against a
 * sandbox token endpoint with latency. For each contender: token-endpoint requests, wall time until the last caller
 * has a token (or failed), failed calls, and whether the connection survives (the refresh token left in its store is
 * still accepted by the provider).
 *
 * <p>Comparison 2 is {@code --providers=google} (refresh tokens are not rotated); comparison 3 is
 * {@code --providers=github,docusign} (strict rotation: a used refresh token dies; GitHub answers it with HTTP 200
 * {@code bad_refresh_token}, DocuSign with 400 {@code invalid_grant}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.saasconnect.benchmarks.StampedeBenchmark \
 *     --providers=google,github,docusign --callers=200 --latency-ms=50 --runs=5 --warmup=2
 * </pre>
 */
public final class StampedeBenchmark {

    private StampedeBenchmark() {}

    /** One run of one contender. */
    record Run(double wallMillis, long requests, int failed, boolean survived, Map<String, Integer> failures) {}

    public static void main(String[] args) throws Exception {
        HarnessOptions options = HarnessOptions.parse(args);
        int callers = options.integer("callers", 200);
        Duration latency = Duration.ofMillis(options.integer("latency-ms", 50));
        int runs = options.integer("runs", 5);
        int warmup = options.integer("warmup", 2);
        System.out.printf(
                Locale.ROOT,
                "# Stampede: %d callers, token endpoint latency %d ms, %d runs after %d warm-up " + "runs; %s%n",
                callers,
                latency.toMillis(),
                runs,
                warmup,
                Machine.describe());
        for (String name : options.text("providers", "google,github,docusign").split(",")) {
            Kind kind = Kind.valueOf(name.strip().toUpperCase(Locale.ROOT));
            List<Run> ours = new ArrayList<>();
            List<Run> theirs = new ArrayList<>();
            List<Run> bridged = new ArrayList<>();
            for (int i = 0; i < warmup + runs; i++) {
                // alternate who goes first, so neither always meets a warmer or colder JVM
                Run a;
                Run b;
                if (i % 2 == 0) {
                    b = springSecurity(kind, latency, callers);
                    a = saasConnect(kind, latency, callers);
                } else {
                    a = saasConnect(kind, latency, callers);
                    b = springSecurity(kind, latency, callers);
                }
                Run c = bridged(kind, latency, callers);
                if (i >= warmup) {
                    ours.add(a);
                    theirs.add(b);
                    bridged.add(c);
                }
            }
            report(kind, ours, theirs, bridged);
        }
        System.exit(0);
    }

    static Run saasConnect(Kind kind, Duration latency, int callers) throws InterruptedException {
        try (SandboxProvider provider = SandboxProvider.start(kind, latency);
                SaasConnectContender ours = new SaasConnectContender(provider)) {
            SeededConnection seeded = provider.connect("alice");
            ConnectionId id = ours.storeExpired("owner-alice", seeded);
            Run run = stampede(provider, callers, i -> ours.accessToken(id));
            return new Run(
                    run.wallMillis(),
                    run.requests(),
                    run.failed(),
                    provider.acceptsRefreshToken(ours.storedRefreshToken(id)),
                    run.failures());
        }
    }

    static Run springSecurity(Kind kind, Duration latency, int callers) throws InterruptedException {
        try (SandboxProvider provider = SandboxProvider.start(kind, latency)) {
            SpringSecurityContender theirs = new SpringSecurityContender(provider);
            SeededConnection seeded = provider.connect("alice");
            theirs.saveExpired("owner-alice", seeded);
            Run run = stampede(provider, callers, i -> theirs.accessToken("owner-alice"));
            return new Run(
                    run.wallMillis(),
                    run.requests(),
                    run.failed(),
                    provider.acceptsRefreshToken(theirs.savedRefreshToken("owner-alice")),
                    run.failures());
        }
    }

    /** Spring Security's callers, through {@code saas-connect-spring-security}'s manager. */
    static Run bridged(Kind kind, Duration latency, int callers) throws InterruptedException {
        try (SandboxProvider provider = SandboxProvider.start(kind, latency);
                BridgedSpringSecurityContender theirs = new BridgedSpringSecurityContender(provider)) {
            SeededConnection seeded = provider.connect("alice");
            ConnectionId id = theirs.storeExpired("owner-alice", seeded);
            Run run = stampede(provider, callers, i -> theirs.accessToken("owner-alice"));
            return new Run(
                    run.wallMillis(),
                    run.requests(),
                    run.failed(),
                    provider.acceptsRefreshToken(theirs.storedRefreshToken(id)),
                    run.failures());
        }
    }

    private static Run stampede(SandboxProvider provider, int callers, Function<Integer, Object> call)
            throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(callers);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(callers);
        AtomicInteger failed = new AtomicInteger();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        for (int i = 0; i < callers; i++) {
            int caller = i;
            Thread thread = new Thread(
                    () -> {
                        ready.countDown();
                        try {
                            go.await();
                            if (call.apply(caller) == null) {
                                failed.incrementAndGet();
                                failures.merge("null", 1, Integer::sum);
                            }
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                            failures.merge(describe(e), 1, Integer::sum);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            done.countDown();
                        }
                    },
                    "caller-" + i);
            thread.start();
        }
        ready.await();
        long requestsBefore = provider.tokenRequests();
        long start = System.nanoTime();
        go.countDown();
        if (!done.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("callers did not finish within 5 minutes");
        }
        double wall = (System.nanoTime() - start) / 1e6;
        return new Run(wall, provider.tokenRequests() - requestsBefore, failed.get(), false, new TreeMap<>(failures));
    }

    private static String describe(RuntimeException e) {
        if (e instanceof OAuth2AuthorizationException o) {
            return e.getClass().getSimpleName() + "[" + o.getError().getErrorCode() + "]";
        }
        return e.getClass().getSimpleName();
    }

    private static void report(Kind kind, List<Run> ours, List<Run> theirs, List<Run> bridged) {
        System.out.printf(Locale.ROOT, "%n## %s%n%n", kind);
        System.out.println(
                "| contender | token requests | wall time ms | failed calls | connection survived | failures |");
        System.out.println("|---|---|---|---|---|---|");
        row("SaaS Connect TokenManager", ours);
        row("Spring Security AuthorizedClientServiceOAuth2AuthorizedClientManager", theirs);
        row("Spring Security through saas-connect-spring-security", bridged);
        Samples ourWall = samples(ours, Run::wallMillis);
        Samples theirWall = samples(theirs, Run::wallMillis);
        Samples ourRequests = samples(ours, r -> (double) r.requests());
        Samples theirRequests = samples(theirs, r -> (double) r.requests());
        System.out.printf(
                Locale.ROOT,
                "%nratios (Spring Security / SaaS Connect, medians): token requests %.0fx, " + "wall time %.2fx%n",
                theirRequests.median() / ourRequests.median(),
                theirWall.median() / ourWall.median());
    }

    private static void row(String name, List<Run> runs) {
        Map<String, Integer> failures = new TreeMap<>();
        runs.forEach(r -> r.failures().forEach((k, v) -> failures.merge(k, v, Integer::sum)));
        long survived = runs.stream().filter(Run::survived).count();
        System.out.printf(
                Locale.ROOT,
                "| %s | %s | %s | %s | %d of %d runs | %s |%n",
                name,
                samples(runs, r -> (double) r.requests()).describe(0),
                samples(runs, Run::wallMillis).describe(0),
                samples(runs, r -> (double) r.failed()).describe(0),
                survived,
                runs.size(),
                failures.isEmpty() ? "none" : failures + " over all runs");
    }

    private static Samples samples(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
        Samples samples = new Samples();
        runs.forEach(r -> samples.add(value.applyAsDouble(r)));
        return samples;
    }
}
