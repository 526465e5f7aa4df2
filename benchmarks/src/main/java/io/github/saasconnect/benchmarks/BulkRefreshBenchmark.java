package io.github.saasconnect.benchmarks;

import io.github.saasconnect.benchmarks.SandboxProvider.Kind;
import io.github.saasconnect.connection.ConnectionId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Comparison 4: every one of N connections has an expired access token and gets a fresh one, against a sandbox
 * token endpoint with latency. Spring Security's manager called one connection after the other, and from a pool of
 * 32 threads; our {@code TokenManager} with 32 refreshes in flight from one subscribing thread. Reports wall time,
 * token requests, failures, the threads started for the work and the peak of live threads above those alive at the
 * start (the sandbox's event loops, shared with our client in this harness, are alive before either starts), and the
 * process's CPU time (the sandbox's share included, the same for both). Our client is a plain {@code WebClient}
 * on Reactor Netty's global resources (a 500-connection pool).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.saasconnect.benchmarks.BulkRefreshBenchmark \
 *     --connections=2000 --latency-ms=20 --concurrency=32 --runs=5 --sequential-runs=1
 * </pre>
 */
public final class BulkRefreshBenchmark {

    private BulkRefreshBenchmark() {}

    /** One run of one contender. */
    record Run(double wallMillis, long requests, int failed, long threadsStarted, int threadsAdded, double cpuMillis) {}

    public static void main(String[] args) throws Exception {
        HarnessOptions options = HarnessOptions.parse(args);
        int connections = options.integer("connections", 2000);
        Duration latency = Duration.ofMillis(options.integer("latency-ms", 20));
        int concurrency = options.integer("concurrency", 32);
        int runs = options.integer("runs", 3);
        int sequentialRuns = options.integer("sequential-runs", 1);
        Kind kind = Kind.valueOf(options.text("provider", "google").toUpperCase(Locale.ROOT));
        System.out.printf(
                Locale.ROOT,
                "# Bulk refresh: %d connections (%s), token endpoint latency %d ms, "
                        + "concurrency %d, %d runs (%d sequential); %s%n",
                connections,
                kind,
                latency.toMillis(),
                concurrency,
                runs,
                sequentialRuns,
                Machine.describe());

        System.out.println("event-loop threads before the runs: " + eventLoopThreads());
        // warm-up: JIT, class loading and each contender's HTTP client, on a tenth of the work
        saasConnect(kind, latency, connections / 10, concurrency);
        springSecurityPool(kind, latency, connections / 10, concurrency);
        if (sequentialRuns > 0) {
            springSecuritySequential(kind, latency, connections / 10);
        }

        List<Run> ours = new ArrayList<>();
        List<Run> pool = new ArrayList<>();
        List<Run> sequential = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            if (i % 2 == 0) {
                pool.add(springSecurityPool(kind, latency, connections, concurrency));
                ours.add(saasConnect(kind, latency, connections, concurrency));
            } else {
                ours.add(saasConnect(kind, latency, connections, concurrency));
                pool.add(springSecurityPool(kind, latency, connections, concurrency));
            }
        }
        for (int i = 0; i < sequentialRuns; i++) {
            sequential.add(springSecuritySequential(kind, latency, connections));
        }

        System.out.println(
                "event-loop threads after the runs (Reactor Netty, Reactor parallel): " + eventLoopThreads());
        System.out.println();
        System.out.println("| contender | wall time ms | token requests | failed | threads started "
                + "| peak live threads above the start | process CPU ms |");
        System.out.println("|---|---|---|---|---|---|---|");
        row("SaaS Connect TokenManager, concurrency " + concurrency + ", one subscribing thread", ours);
        row("Spring Security, " + concurrency + "-thread pool", pool);
        if (!sequential.isEmpty()) {
            row("Spring Security, sequential", sequential);
        }
        double our = samples(ours, Run::wallMillis).median();
        System.out.printf(
                Locale.ROOT,
                "%nratios (wall time, medians): Spring Security %d threads / SaaS Connect " + "%.2fx%n",
                concurrency,
                samples(pool, Run::wallMillis).median() / our);
        if (!sequential.isEmpty()) {
            System.out.printf(
                    Locale.ROOT,
                    "Spring Security sequential / SaaS Connect %.1fx%n",
                    samples(sequential, Run::wallMillis).median() / our);
        }
        System.exit(0);
    }

    static Run saasConnect(Kind kind, Duration latency, int connections, int concurrency) {
        try (SandboxProvider provider = SandboxProvider.start(kind, latency);
                SaasConnectContender ours = new SaasConnectContender(provider)) {
            List<ConnectionId> ids = new ArrayList<>(connections);
            for (int i = 0; i < connections; i++) {
                ids.add(ours.storeExpired("owner-" + i, provider.connect("user-" + i)));
            }
            AtomicInteger failed = new AtomicInteger();
            long before = provider.tokenRequests();
            ThreadPeak threads = ThreadPeak.start();
            long start = System.nanoTime();
            Flux.fromIterable(ids)
                    .flatMap(
                            id -> ours.manager.accessToken(id).onErrorResume(e -> {
                                failed.incrementAndGet();
                                return Mono.empty();
                            }),
                            concurrency)
                    .then()
                    .block();
            double wall = (System.nanoTime() - start) / 1e6;
            return new Run(
                    wall,
                    provider.tokenRequests() - before,
                    failed.get(),
                    threads.started(),
                    threads.added(),
                    threads.cpuMillis());
        }
    }

    static Run springSecurityPool(Kind kind, Duration latency, int connections, int threads) throws Exception {
        try (SandboxProvider provider = SandboxProvider.start(kind, latency)) {
            SpringSecurityContender theirs = seeded(provider, connections);
            AtomicInteger failed = new AtomicInteger();
            long before = provider.tokenRequests();
            ThreadPeak peak = ThreadPeak.start();
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> work = new ArrayList<>(connections);
            for (int i = 0; i < connections; i++) {
                String principal = "owner-" + i;
                work.add(pool.submit(() -> call(theirs, principal, failed)));
            }
            for (Future<?> f : work) {
                f.get();
            }
            double wall = (System.nanoTime() - start) / 1e6;
            Run run = new Run(
                    wall,
                    provider.tokenRequests() - before,
                    failed.get(),
                    peak.started(),
                    peak.added(),
                    peak.cpuMillis());
            pool.shutdown();
            pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            return run;
        }
    }

    static Run springSecuritySequential(Kind kind, Duration latency, int connections) {
        try (SandboxProvider provider = SandboxProvider.start(kind, latency)) {
            SpringSecurityContender theirs = seeded(provider, connections);
            AtomicInteger failed = new AtomicInteger();
            long before = provider.tokenRequests();
            ThreadPeak peak = ThreadPeak.start();
            long start = System.nanoTime();
            for (int i = 0; i < connections; i++) {
                call(theirs, "owner-" + i, failed);
            }
            double wall = (System.nanoTime() - start) / 1e6;
            return new Run(
                    wall,
                    provider.tokenRequests() - before,
                    failed.get(),
                    peak.started(),
                    peak.added(),
                    peak.cpuMillis());
        }
    }

    /** Live Reactor Netty event-loop and Reactor parallel threads: what our side runs on. */
    private static long eventLoopThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(n -> n.startsWith("reactor-http-") || n.startsWith("parallel-"))
                .count();
    }

    private static SpringSecurityContender seeded(SandboxProvider provider, int connections) {
        SpringSecurityContender theirs = new SpringSecurityContender(provider);
        for (int i = 0; i < connections; i++) {
            theirs.saveExpired("owner-" + i, provider.connect("user-" + i));
        }
        return theirs;
    }

    private static void call(SpringSecurityContender theirs, String principal, AtomicInteger failed) {
        try {
            theirs.accessToken(principal);
        } catch (RuntimeException e) {
            failed.incrementAndGet();
        }
    }

    private static void row(String name, List<Run> runs) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %s |%n",
                name,
                samples(runs, Run::wallMillis).describe(0),
                samples(runs, r -> (double) r.requests()).describe(0),
                samples(runs, r -> (double) r.failed()).describe(0),
                samples(runs, r -> (double) r.threadsStarted()).describe(0),
                samples(runs, r -> (double) r.threadsAdded()).describe(0),
                samples(runs, Run::cpuMillis).describe(0));
    }

    private static Samples samples(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
        Samples samples = new Samples();
        runs.forEach(r -> samples.add(value.applyAsDouble(r)));
        return samples;
    }
}
