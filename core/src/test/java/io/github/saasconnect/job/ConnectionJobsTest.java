package io.github.saasconnect.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.client.ApiFixture;
import io.github.saasconnect.client.ClientSettings;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.event.ReauthorizationRequiredEvent;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.Fault;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Jobs over every connection of a registration, against the Google sandbox. */
class ConnectionJobsTest {

    private final ApiFixture<GoogleSandbox> google = ApiFixture.google();

    @AfterEach
    void close() {
        google.close();
    }

    private ConnectionJobs jobs() {
        return new ConnectionJobs(
                google.store,
                new ProviderRegistry(List.of(google.registration)),
                google.clients(),
                google.clock,
                new JobSettings(100, 1000));
    }

    private static String owner(int i) {
        return String.format("user%04d", i);
    }

    @Test
    void twoThousandConnectionsWithRevokedGrantsAndThrottlingAreEachProcessedOrReportedExactly() {
        {
            google.clientSettings = new ClientSettings(
                    11, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), Duration.ofMinutes(1), 1000);
            List<ConnectionId> revoked = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                ConnectionId id = google.connectExpired(owner(i));
                if (i % 20 == 7) {
                    google.sandbox.revokeGrant(google.sandbox.user(owner(i)));
                    revoked.add(id);
                }
            }
            Fault[] throttling = new Fault[48];
            java.util.Arrays.fill(throttling, google.sandbox.tooManyRequests());
            google.sandbox.faults().nextApiResponse(throttling);
            Map<String, Integer> seen = new ConcurrentHashMap<>();
            JobReport report = jobs().forEachConnection(
                            "google",
                            32,
                            (connection, api) -> api.get()
                                    .uri("/drive/v3/files?pageSize=5")
                                    .retrieve()
                                    .bodyToMono(Map.class)
                                    .doOnNext(files -> seen.merge(
                                            connection.owner(), ((List<?>) files.get("files")).size(), Integer::sum))
                                    .then());

            assertThat(revoked).hasSize(100);
            assertThat(report.succeeded()).isEqualTo(1900);
            assertThat(report.needsReauthorization()).containsExactlyInAnyOrderElementsOf(revoked);
            assertThat(report.failedByKind()).isEmpty();
            assertThat(report.failedOther()).isZero();
            assertThat(report.skipped()).isZero();
            assertThat(report.total()).isEqualTo(2000);
            assertThat(seen)
                    .hasSize(1900)
                    .allSatisfy((owner, files) -> assertThat(files).isEqualTo(5));
            assertThat(google.waits).hasSize(48);
            assertThat(google.sandbox.faults().pending(Endpoint.API)).isZero();
            assertThat(google.sandbox.requestCount(Endpoint.TOKEN)).isEqualTo(2000);
            assertThat(revoked)
                    .allSatisfy(id -> assertThat(google.stored(id).status())
                            .isEqualTo(ConnectionStatus.REAUTHORIZATION_REQUIRED));
            assertThat(google.events)
                    .filteredOn(ReauthorizationRequiredEvent.class::isInstance)
                    .hasSize(100);
        }
    }

    @Test
    void threePartitionsTogetherProcessEveryConnectionExactlyOnce() {
        for (int i = 0; i < 90; i++) {
            google.connectExpired(owner(i));
        }
        Map<String, Integer> processed = new java.util.concurrent.ConcurrentHashMap<>();
        ConnectionWork count = (connection, api) ->
                Mono.fromRunnable(() -> processed.merge(connection.id().owner(), 1, Integer::sum));

        List<JobReport> reports = java.util.stream.IntStream.range(0, 3)
                .mapToObj(i -> jobs().partition(JobPartition.of(i, 3)).forEachConnection("google", 4, count))
                .toList();

        assertThat(processed)
                .hasSize(90)
                .allSatisfy((owner, times) -> assertThat(times).isEqualTo(1));
        assertThat(reports).allSatisfy(r -> assertThat(r.succeeded()).isBetween(15, 45));
        assertThat(reports.stream().mapToInt(JobReport::total).sum()).isEqualTo(90);
        assertThat(google.sandbox.requestCount(Endpoint.TOKEN)).isZero();
    }

    @Test
    void aTaggedJobWalksOnlyTheConnectionsCarryingEveryGivenTagAndTheTagsSurviveARefresh() {
        io.github.saasconnect.connect.Connections connections = new io.github.saasconnect.connect.Connections(
                new ProviderRegistry(List.of(google.registration)), google.store);
        for (int i = 0; i < 6; i++) {
            google.connectExpired(owner(i));
            Map<String, String> tags =
                    i % 2 == 0 ? Map.of("plan", "pro", "team", "t" + (i % 3)) : Map.of("plan", "free");
            connections
                    .tag(io.github.saasconnect.connection.ConnectionId.of("google", owner(i)), tags)
                    .block();
        }
        List<String> pro = new java.util.concurrent.CopyOnWriteArrayList<>();
        // the work calls the API, so each (expired) connection is refreshed on the way
        ConnectionWork work = (connection, api) -> api.get()
                .uri("/oauth2/v3/userinfo")
                .retrieve()
                .toBodilessEntity()
                .doOnSuccess(r -> pro.add(connection.id().owner()))
                .then();

        JobReport report = jobs().tagged(Map.of("plan", "pro")).forEachConnection("google", 4, work);

        assertThat(pro).containsExactlyInAnyOrder(owner(0), owner(2), owner(4));
        assertThat(report.total()).isEqualTo(3);
        assertThat(jobs().tagged(Map.of("plan", "pro"))
                        .tagged(Map.of("team", "t0"))
                        .forEachConnection("google", 4, (c, api) -> Mono.empty())
                        .total())
                .as("owner 0 only: 0 % 3 == 0, and 4 % 3 == 1, 2 % 3 == 2")
                .isEqualTo(1);
        assertThat(connections
                        .find(io.github.saasconnect.connection.ConnectionId.of("google", owner(0)))
                        .block()
                        .tags())
                .as("kept across the refresh")
                .containsEntry("plan", "pro");
        assertThat(google.store
                        .read(io.github.saasconnect.connection.ConnectionId.of("google", owner(0)))
                        .block()
                        .record()
                        .lastRefreshedAt())
                .isEqualTo(google.clock.instant());
    }

    @Test
    void connectionsAlreadyNeedingReauthorizationAreSkippedOnTheNextRun() {
        for (int i = 0; i < 50; i++) {
            google.connectExpired(owner(i));
            if (i % 10 == 0) {
                google.sandbox.revokeGrant(google.sandbox.user(owner(i)));
            }
        }
        ConnectionJobs jobs = jobs();
        ConnectionWork callMe = (connection, api) -> api.get()
                .uri("/oauth2/v3/userinfo")
                .retrieve()
                .toBodilessEntity()
                .then();

        JobReport first = jobs.forEachConnection("google", 8, callMe);
        long tokenRequests = google.sandbox.requestCount(Endpoint.TOKEN);
        JobReport second = jobs.forEachConnection("google", 8, callMe);

        assertThat(first.succeeded()).isEqualTo(45);
        assertThat(first.needsReauthorization()).hasSize(5);
        assertThat(second.succeeded()).isEqualTo(45);
        assertThat(second.needsReauthorization()).isEmpty();
        assertThat(second.skipped()).isEqualTo(5);
        assertThat(google.sandbox.requestCount(Endpoint.TOKEN)).isEqualTo(tokenRequests);
    }

    @Test
    void aRateLimitBeyondTheBoundFailsOnlyThatConnectionAndIsCountedByKind() {
        for (int i = 0; i < 40; i++) {
            google.connect(owner(i));
        }
        google.sandbox
                .faults()
                .nextApiResponse(
                        Fault.tooManyRequests(Duration.ofHours(1)), Fault.tooManyRequests(Duration.ofHours(1)));

        JobReport report = jobs().forEachConnection(
                        "google",
                        4,
                        (connection, api) -> api.get()
                                .uri("/drive/v3/files?pageSize=1")
                                .retrieve()
                                .toBodilessEntity()
                                .then());

        assertThat(report.succeeded()).isEqualTo(38);
        assertThat(report.failedByKind()).containsExactly(Map.entry(FailureKind.RATE_LIMITED, 2));
        assertThat(report.failures())
                .hasSize(2)
                .allSatisfy(f -> assertThat(f.kind()).isEqualTo(FailureKind.RATE_LIMITED));
    }

    @Test
    void theBlockingFormRunsRestClientWorkOnItsOwnBoundedThreadsAndIsolatesApplicationFailures() {
        for (int i = 0; i < 60; i++) {
            google.connectExpired(owner(i));
        }
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();

        JobReport report = jobs().forEachConnectionBlocking("google", 6, (connection, api) -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                threads.add(Thread.currentThread().getName());
                Map<?, ?> me = api.get().uri("/oauth2/v3/userinfo").retrieve().body(Map.class);
                if (connection.owner().equals(owner(13))) {
                    throw new IllegalStateException("the application's own failure for " + me.get("sub"));
                }
            } finally {
                running.decrementAndGet();
            }
        });

        assertThat(report.succeeded()).isEqualTo(59);
        assertThat(report.failedOther()).isEqualTo(1);
        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.connection().owner()).isEqualTo(owner(13));
            assertThat(f.kind()).isNull();
        });
        assertThat(threads)
                .hasSizeLessThanOrEqualTo(6)
                .allSatisfy(t -> assertThat(t).startsWith("saas-connect-job-"));
        assertThat(maxRunning.get()).isLessThanOrEqualTo(6);
    }

    @Test
    void blockingWorkRunsOnTheGivenExecutorWithTheJobsConcurrency() {
        for (int i = 0; i < 12; i++) {
            google.connectExpired(owner(i));
        }
        AtomicInteger started = new AtomicInteger();
        // a thread per task, as Spring's VirtualThreadTaskExecutor starts them (platform threads here: Java 17)
        Executor threadPerTask = task -> new Thread(task, "per-task-" + started.incrementAndGet()).start();
        ConnectionJobs jobs = new ConnectionJobs(
                google.store,
                new ProviderRegistry(List.of(google.registration)),
                google.clients(),
                google.clock,
                JobSettings.defaults(),
                threadPerTask);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();

        JobReport report = jobs.forEachConnectionBlocking("google", 3, (connection, api) -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                threads.add(Thread.currentThread().getName());
                api.get().uri("/oauth2/v3/userinfo").retrieve().toBodilessEntity();
            } finally {
                running.decrementAndGet();
            }
        });

        assertThat(report.succeeded()).isEqualTo(12);
        assertThat(threads).isNotEmpty().allSatisfy(t -> assertThat(t).startsWith("per-task-"));
        assertThat(maxRunning.get()).isLessThanOrEqualTo(3);
    }

    @Test
    void theReactiveFormRunsNothingUntilSubscribed() {
        google.connect(owner(1));
        AtomicInteger calls = new AtomicInteger();

        Mono<JobReport> job = jobs().forEachConnectionReactive(
                        "google", 2, (connection, api) -> Mono.fromRunnable(calls::incrementAndGet));

        assertThat(calls).hasValue(0);
        assertThat(job.block()).satisfies(r -> assertThat(r.succeeded()).isEqualTo(1));
        assertThat(calls).hasValue(1);
    }
}
