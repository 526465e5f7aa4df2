package io.github.saasconnect.job;

import io.github.saasconnect.client.ProviderClients;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.job.internal.StoredConnections;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.store.ClaimOutcome;
import io.github.saasconnect.store.JobClaim;
import io.github.saasconnect.store.JobClaims;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs work for every active connection of a registration, for scheduled jobs (DESIGN §1, §9):
 *
 * <pre>{@code
 * @Scheduled(fixedDelay = 15, timeUnit = MINUTES)
 * void sync() {
 *     jobs.forEachConnection("github", 16, (connection, api) ->
 *             api.get().uri("/user/repos").retrieve().bodyToFlux(Repo.class).doOnNext(repos::save).then());
 * }
 * }</pre>
 *
 * Connections are read page by page from the {@link TokenStore} and processed with bounded concurrency. Each
 * connection is isolated: a revoked grant, a rate limit beyond the bound or an exception in the work fails that
 * connection only and is counted in the {@link JobReport}. Connections already marked as needing reauthorization
 * (or revoked) are skipped; records the store cannot read are counted as {@link JobReport#unreadable()}. Nothing here needs an HTTP request or a security context.
 */
public final class ConnectionJobs {

    private static final Logger log = LoggerFactory.getLogger(ConnectionJobs.class);

    private final TokenStore store;
    private final ProviderRegistry registry;
    private final ProviderClients clients;
    private final Clock clock;
    private final JobSettings settings;
    private final @Nullable Executor blockingExecutor;
    private final JobPartition partition;
    private final Map<String, String> requiredTags;
    private final @Nullable Claims claims;
    private final @Nullable SharedJob shared;

    /** Jobs whose blocking work runs on a bounded pool of platform threads of each job's own. */
    public ConnectionJobs(
            TokenStore store, ProviderRegistry registry, ProviderClients clients, Clock clock, JobSettings settings) {
        this(store, registry, clients, clock, settings, null);
    }

    /**
     * Jobs whose blocking work ({@link #forEachConnectionBlocking}) runs on {@code blockingExecutor}, one task per
     * connection with at most the job's concurrency at a time: an executor that starts a virtual thread per task
     * (what the auto-configuration passes when {@code spring.threads.virtual.enabled} is on) makes a blocked call
     * cost no platform thread. {@code null}: a bounded pool of platform threads of each job's own.
     */
    public ConnectionJobs(
            TokenStore store,
            ProviderRegistry registry,
            ProviderClients clients,
            Clock clock,
            JobSettings settings,
            @Nullable Executor blockingExecutor) {
        this(store, registry, clients, clock, settings, blockingExecutor, JobPartition.all(), Map.of(), null, null);
    }

    private ConnectionJobs(
            TokenStore store,
            ProviderRegistry registry,
            ProviderClients clients,
            Clock clock,
            JobSettings settings,
            @Nullable Executor blockingExecutor,
            JobPartition partition,
            Map<String, String> requiredTags,
            @Nullable Claims claims,
            @Nullable SharedJob shared) {
        this.blockingExecutor = blockingExecutor;
        this.store = Objects.requireNonNull(store, "store");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.partition = Objects.requireNonNull(partition, "partition");
        this.requiredTags = Map.copyOf(requiredTags);
        this.claims = claims;
        this.shared = shared;
    }

    /**
     * These jobs, restricted to one fixed share of each registration's connections, for runners that know their place
     * (a Kubernetes indexed Job, a Spring Batch partition): {@code jobs.partition(JobPartition.of(index, count))
     * .forEachConnection(...)}. Connections outside the share are not read further than the store's listing, and
     * are not counted in the report.
     */
    public ConnectionJobs partition(JobPartition partition) {
        return new ConnectionJobs(
                store, registry, clients, clock, settings, blockingExecutor, partition, requiredTags, claims, shared);
    }

    /**
     * These jobs restricted to the connections whose {@linkplain ConnectionRecord#tags() tags} include every one of
     * {@code tags} ({@code jobs.tagged(Map.of("plan", "pro")).forEachConnection(...)}); combines with
     * {@link #partition} and with earlier {@code tagged} calls. Other connections are not counted in the report.
     */
    public ConnectionJobs tagged(Map<String, String> tags) {
        Map<String, String> all = new java.util.HashMap<>(requiredTags);
        all.putAll(Objects.requireNonNull(tags, "tags"));
        return new ConnectionJobs(
                store, registry, clients, clock, settings, blockingExecutor, partition, all, claims, shared);
    }

    /**
     * These jobs, able to run {@linkplain #shared shared} by claiming connections in {@code claims} (the store's, see
     * {@link JobClaims}) as {@code replica}: a name unique per running process, such as host and process id. The
     * auto-configuration does this with the claims of the configured store.
     */
    public ConnectionJobs withClaims(JobClaims claims, String replica) {
        return new ConnectionJobs(
                store,
                registry,
                clients,
                clock,
                settings,
                blockingExecutor,
                partition,
                requiredTags,
                new Claims(Objects.requireNonNull(claims, "claims"), Objects.requireNonNull(replica, "replica")),
                shared);
    }

    /**
     * These jobs run as {@code job} shared by every replica that runs it: before working on the connections of a
     * listed page, a run claims them for the job's current period (all in one call, {@link JobClaims#claimAll}), and
     * leaves alone those another replica claimed first or that were processed in this period already; after the work
     * on a connection (succeeded or failed) it completes that connection's claim. N replicas on
     * the same schedule thus process each connection once per period, and share the work as they go. A replica that
     * dies mid-run leaves claims that lapse after {@link SharedJob#lapse()}; the next run in the period takes those
     * connections over. The report's {@link JobReport#shared()} says what the others had claimed.
     *
     * <pre>{@code
     * @Scheduled(fixedDelay = 15, timeUnit = MINUTES)
     * void sync() {
     *     jobs.shared("github-sync", Duration.ofHours(1)).forEachConnection("github", 16, work);
     * }
     * }</pre>
     *
     * Stored connections only: app connections have no record to claim ({@link #partition} shares them).
     *
     * @throws IllegalStateException when these jobs have no {@linkplain #withClaims claims}
     */
    public ConnectionJobs shared(SharedJob job) {
        Objects.requireNonNull(job, "job");
        if (claims == null) {
            throw new IllegalStateException("shared jobs need the token store's job claims, and these jobs have none: "
                    + "the configured token store keeps no claims (the file, memory, Vault and JDBC stores do); "
                    + "define a JobClaims bean, or call withClaims(...) when building ConnectionJobs yourself");
        }
        return new ConnectionJobs(
                store, registry, clients, clock, settings, blockingExecutor, partition, requiredTags, claims, job);
    }

    /** {@link #shared(SharedJob)} with {@link SharedJob#of(String, Duration)}. */
    public ConnectionJobs shared(String job, Duration period) {
        return shared(SharedJob.of(job, period));
    }

    /**
     * Runs reactive {@code work} for every active connection and blocks until all are done. Call it from a
     * scheduler or worker thread, never from an event loop.
     */
    public JobReport forEachConnection(String registration, int concurrency, ConnectionWork work) {
        return forEachConnectionReactive(registration, concurrency, work).block();
    }

    /** The reactive form: completes with the report once every connection was processed. */
    public Mono<JobReport> forEachConnectionReactive(String registration, int concurrency, ConnectionWork work) {
        Objects.requireNonNull(work, "work");
        return run(
                registration,
                concurrency,
                record -> Mono.defer(() -> work.run(JobConnection.of(record), clients.webClient(record))));
    }

    /**
     * Runs blocking {@code work} (with a bound {@code RestClient}) for every active connection on {@code concurrency}
     * worker threads of its own, and blocks until all are done.
     */
    public JobReport forEachConnectionBlocking(String registration, int concurrency, BlockingConnectionWork work) {
        Objects.requireNonNull(work, "work");
        requirePositive(concurrency);
        // the executor's threads, bounded by the job's concurrency (flatMap below), or a pool of the job's own
        Scheduler workers = blockingExecutor != null
                ? Schedulers.fromExecutor(blockingExecutor)
                : Schedulers.newBoundedElastic(
                        concurrency, Integer.MAX_VALUE, "saas-connect-job-" + registration, 60, true);
        try {
            return run(
                            registration,
                            concurrency,
                            record -> Mono.fromCallable(() -> {
                                        work.run(JobConnection.of(record), clients.restClient(record));
                                        return Boolean.TRUE;
                                    })
                                    .subscribeOn(workers)
                                    .then())
                    .block();
        } finally {
            workers.dispose();
        }
    }

    /**
     * Runs reactive {@code work} for every app connection in {@code connections} (such as the installations of a
     * GitHub App), isolated and counted as {@link #forEachConnection} does for stored ones, and blocks until all are
     * done. Each connection's client mints and caches its own app token.
     */
    public JobReport forEachAppConnection(
            String registration, Publisher<ConnectionId> connections, int concurrency, ConnectionWork work) {
        return forEachAppConnectionReactive(registration, connections, concurrency, work)
                .block();
    }

    /** The reactive form of {@link #forEachAppConnection}. */
    public Mono<JobReport> forEachAppConnectionReactive(
            String registration, Publisher<ConnectionId> connections, int concurrency, ConnectionWork work) {
        Objects.requireNonNull(work, "work");
        if (shared != null) {
            return Mono.error(new IllegalStateException("shared job '" + shared.name() + "' cannot claim app "
                    + "connections: they have no stored record; share them between runners with partition(...)"));
        }
        return run(registration, concurrency, tally -> Flux.from(connections).filter(partition::includes), id -> {
            if (!id.isApp() || !id.registration().equals(registration)) {
                throw new IllegalArgumentException(
                        "connection " + id + " is not an app connection of registration '" + registration + "'");
            }
            return new JobItem(id, true, () -> work.run(JobConnection.app(id), clients.webClient(id)), null, null);
        });
    }

    private Mono<JobReport> run(String registration, int concurrency, Function<ConnectionRecord, Mono<Void>> work) {
        return run(
                registration,
                concurrency,
                tally -> StoredConnections.pages(store, registration, settings.listPageSize())
                        // an unreadable record has no readable id to hash: the first share reports them
                        .doOnNext(page -> {
                            if (partition.index() == 0) {
                                tally.unreadable.addAndGet(page.unreadable().size());
                            }
                        })
                        .concatMap(
                                page -> {
                                    List<JobItem> items = page.records().stream()
                                            .map(VersionedRecord::record)
                                            .filter(record ->
                                                    partition.includes(record.id()) && hasRequiredTags(record))
                                            .map(record -> new JobItem(
                                                    record.id(),
                                                    record.status() == ConnectionStatus.ACTIVE,
                                                    () -> work.apply(record),
                                                    null,
                                                    null))
                                            .toList();
                                    return shared == null ? Flux.fromIterable(items) : claimPage(items, tally);
                                },
                                1),
                Function.identity());
    }

    /**
     * The shared mode's claims for one listed page, in one call to the store ({@link JobClaims#claimAll}: one round
     * trip where the store supports it), taken when the page's turn comes, at most a page ahead of the work. When the
     * page's claims cannot be decided together (a connection deleted meanwhile, a store failure), each connection is
     * claimed on its own when it is processed, so that a failure stays with its connection.
     */
    private Flux<JobItem> claimPage(List<JobItem> items, Tally tally) {
        SharedJob job = Objects.requireNonNull(shared);
        Claims by = Objects.requireNonNull(claims);
        return Flux.defer(() -> {
            List<JobItem> active = items.stream().filter(JobItem::active).toList();
            if (active.isEmpty()) {
                return Flux.fromIterable(items);
            }
            Instant now = clock.instant();
            List<JobClaim> requests = active.stream()
                    .map(item -> claimOf(job, by, item, tally, now))
                    .toList();
            return by.claims()
                    .claimAll(requests)
                    .map(outcomes -> {
                        if (outcomes.size() != requests.size()) {
                            throw new IllegalStateException("the store answered " + outcomes.size()
                                    + " claim outcomes for " + requests.size() + " claims");
                        }
                        List<JobItem> claimed = new ArrayList<>(items.size());
                        int next = 0;
                        for (JobItem item : items) {
                            claimed.add(item.active() ? item.claimed(requests.get(next), outcomes.get(next++)) : item);
                        }
                        return claimed;
                    })
                    .onErrorResume(e -> {
                        log.debug(
                                "shared job '{}': the claims of a page of {} connections failed together ({}); "
                                        + "claiming them one by one",
                                job.name(),
                                active.size(),
                                e.toString());
                        return Mono.just(items);
                    })
                    .flatMapIterable(claimed -> claimed);
        });
    }

    private static JobClaim claimOf(SharedJob job, Claims by, JobItem item, Tally tally, Instant now) {
        return new JobClaim(
                job.name(),
                item.id(),
                Objects.requireNonNull(tally.periodStart),
                by.replica(),
                now,
                now.plus(job.lapse()));
    }

    private <T> Mono<JobReport> run(
            String registration, int concurrency, Function<Tally, Flux<T>> items, Function<T, JobItem> item) {
        return Mono.defer(() -> {
            requirePositive(concurrency);
            registry.get(registration);
            Instant startedAt = clock.instant();
            Tally tally =
                    new Tally(settings.maxRecordedFailures(), shared == null ? null : shared.periodStart(startedAt));
            long start = System.nanoTime();
            return items.apply(tally)
                    .flatMap(next -> process(item.apply(next), tally), concurrency, 1)
                    .then(Mono.fromSupplier(() -> {
                        JobReport report = tally.report(
                                registration,
                                startedAt,
                                Duration.ofNanos(System.nanoTime() - start),
                                shared == null ? null : sharing(tally));
                        log.info(
                                "job over registration '{}'{}{}: {}",
                                registration,
                                partition.count() == 1 ? "" : " (partition " + partition + ")",
                                shared == null ? "" : " (shared job '" + shared.name() + "')",
                                report);
                        return report;
                    }));
        });
    }

    private Mono<Void> process(JobItem item, Tally tally) {
        if (!item.active()) {
            tally.skipped.incrementAndGet();
            return Mono.empty();
        }
        if (shared != null) {
            return claimed(item, tally);
        }
        return work(item, tally);
    }

    private Mono<Void> work(JobItem item, Tally tally) {
        return Mono.defer(item.work())
                .then(Mono.fromRunnable(tally.succeeded::incrementAndGet))
                .onErrorResume(e -> {
                    tally.failed(item.id(), e);
                    return Mono.empty();
                })
                .then();
    }

    /**
     * The shared mode: claim (unless the page's claims were taken together), work when the claim is ours, complete
     * the claim whatever the work's outcome (a failure is reported here and tried again next period, not by another
     * replica in this one).
     */
    private Mono<Void> claimed(JobItem item, Tally tally) {
        SharedJob job = Objects.requireNonNull(shared);
        Claims by = Objects.requireNonNull(claims);
        return Mono.defer(() -> {
                    JobClaim claim =
                            item.claim() != null ? item.claim() : claimOf(job, by, item, tally, clock.instant());
                    Mono<ClaimOutcome> decided = item.outcome() != null
                            ? Mono.just(item.outcome())
                            : by.claims().claim(claim);
                    return decided.flatMap(outcome -> switch (outcome) {
                        case ALREADY_DONE -> count(tally.alreadyDone);
                        case HELD_BY_OTHER -> count(tally.heldByOthers);
                        case CLAIMED, TAKEN_OVER -> {
                            if (outcome == ClaimOutcome.TAKEN_OVER) {
                                tally.takenOver.incrementAndGet();
                                log.debug("shared job '{}' takes {} over from a lapsed claim", job.name(), item.id());
                            }
                            yield work(item, tally)
                                    .then(by.claims().complete(claim))
                                    .flatMap(completed -> {
                                        if (!completed) {
                                            tally.lateCompletions.incrementAndGet();
                                            log.warn(
                                                    "shared job '{}': the claim on {} lapsed before its work ended and "
                                                            + "another replica took it over; it may have been processed "
                                                            + "twice (the job's lapse, {}, is shorter than its work)",
                                                    job.name(),
                                                    item.id(),
                                                    job.lapse());
                                        }
                                        return Mono.<Void>empty();
                                    });
                        }
                    });
                })
                // a claim the store could not take or complete fails this connection only, as any store failure does
                .onErrorResume(e -> {
                    tally.failed(item.id(), e);
                    return Mono.empty();
                });
    }

    private static Mono<Void> count(AtomicInteger counter) {
        counter.incrementAndGet();
        return Mono.empty();
    }

    private SharedRun sharing(Tally tally) {
        SharedJob job = Objects.requireNonNull(shared);
        return new SharedRun(
                job.name(),
                Objects.requireNonNull(tally.periodStart),
                Objects.requireNonNull(claims).replica(),
                tally.alreadyDone.get(),
                tally.heldByOthers.get(),
                tally.takenOver.get(),
                tally.lateCompletions.get());
    }

    /** Where this replica claims connections, and its name there. */
    private record Claims(JobClaims claims, String replica) {}

    private boolean hasRequiredTags(ConnectionRecord record) {
        if (requiredTags.isEmpty()) {
            return true;
        }
        Map<String, String> tags = record.tags();
        return requiredTags.entrySet().stream().allMatch(e -> e.getValue().equals(tags.get(e.getKey())));
    }

    /**
     * One connection of a run: whether to work on it, the work, and in the shared mode the claim taken for it with its
     * page ({@code null}: not claimed yet).
     */
    private record JobItem(
            ConnectionId id,
            boolean active,
            java.util.function.Supplier<Mono<Void>> work,
            @Nullable JobClaim claim,
            @Nullable ClaimOutcome outcome) {

        JobItem claimed(JobClaim claim, ClaimOutcome outcome) {
            return new JobItem(id, active, work, claim, outcome);
        }
    }

    private static void requirePositive(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1 but was " + concurrency);
        }
    }

    /** The failure class of what a connection's work threw, or {@code null} for the application's own failures. */
    static FailureKind kindOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SaasConnectException s) {
                return s.kind();
            }
            if (t instanceof WebClientResponseException w) {
                return statusKind(w.getStatusCode().value());
            }
            if (t instanceof RestClientResponseException r) {
                return statusKind(r.getStatusCode().value());
            }
        }
        return null;
    }

    private static FailureKind statusKind(int status) {
        return status == 429 ? FailureKind.RATE_LIMITED : status >= 500 ? FailureKind.TRANSIENT : null;
    }

    /** Counts kept while a run is in flight; connections finish on any thread. */
    private static final class Tally {

        final AtomicInteger succeeded = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final AtomicInteger unreadable = new AtomicInteger();
        final AtomicInteger failedOther = new AtomicInteger();
        final Map<FailureKind, AtomicInteger> failedByKind = new EnumMap<>(FailureKind.class);
        final ConcurrentLinkedQueue<ConnectionId> needsReauthorization = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<ConnectionFailure> failures = new ConcurrentLinkedQueue<>();
        final AtomicInteger recorded = new AtomicInteger();
        final AtomicInteger alreadyDone = new AtomicInteger();
        final AtomicInteger heldByOthers = new AtomicInteger();
        final AtomicInteger takenOver = new AtomicInteger();
        final AtomicInteger lateCompletions = new AtomicInteger();
        final int maxRecorded;
        final @Nullable Instant periodStart;

        Tally(int maxRecorded, @Nullable Instant periodStart) {
            this.maxRecorded = maxRecorded;
            this.periodStart = periodStart;
            for (FailureKind kind : FailureKind.values()) {
                failedByKind.put(kind, new AtomicInteger());
            }
        }

        void failed(ConnectionId id, Throwable error) {
            FailureKind kind = kindOf(error);
            if (kind == FailureKind.REAUTHORIZATION_REQUIRED) {
                needsReauthorization.add(id);
            } else if (kind == null) {
                failedOther.incrementAndGet();
            } else {
                failedByKind.get(kind).incrementAndGet();
            }
            if (recorded.incrementAndGet() <= maxRecorded) {
                failures.add(new ConnectionFailure(id, kind, error));
            }
            log.debug(
                    "job work for {} failed: {} ({})",
                    id,
                    kind == null ? "APPLICATION" : kind,
                    error.getClass().getSimpleName());
        }

        JobReport report(String registration, Instant startedAt, Duration duration, @Nullable SharedRun shared) {
            Map<FailureKind, Integer> byKind = new EnumMap<>(FailureKind.class);
            failedByKind.forEach((kind, count) -> {
                if (count.get() > 0) {
                    byKind.put(kind, count.get());
                }
            });
            return new JobReport(
                    registration,
                    startedAt,
                    duration,
                    succeeded.get(),
                    byKind,
                    failedOther.get(),
                    new ArrayList<>(needsReauthorization),
                    skipped.get(),
                    new ArrayList<>(failures),
                    unreadable.get(),
                    shared);
        }
    }
}
