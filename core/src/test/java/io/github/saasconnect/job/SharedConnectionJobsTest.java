package io.github.saasconnect.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.client.ApiFixture;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.store.ClaimOutcome;
import io.github.saasconnect.store.InMemoryJobClaims;
import io.github.saasconnect.store.JobClaim;
import io.github.saasconnect.store.JobClaims;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Shared jobs: several replicas (here {@link ConnectionJobs} instances over one store and one set of claims) run the
 * same job, and the Google sandbox counts the API calls each connection made.
 */
class SharedConnectionJobsTest {

    private static final SharedJob SYNC = SharedJob.of("drive-sync", Duration.ofHours(1));

    private final ApiFixture<GoogleSandbox> google = ApiFixture.google();
    private final JobClaims claims = new InMemoryJobClaims();

    @AfterEach
    void close() {
        google.close();
    }

    private ConnectionJobs replica(String name) {
        return replica(claims, name);
    }

    private ConnectionJobs replica(JobClaims claims, String name) {
        return new ConnectionJobs(
                        google.store,
                        new ProviderRegistry(List.of(google.registration)),
                        google.clients(),
                        google.clock,
                        new JobSettings(25, 1000))
                .withClaims(claims, name);
    }

    private List<ConnectionId> connect(int count) {
        List<ConnectionId> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(google.connect(String.format("user%04d", i)));
        }
        return ids;
    }

    private static final ConnectionWork LIST_FILES = (connection, api) -> api.get()
            .uri("/drive/v3/files?pageSize=1")
            .retrieve()
            .toBodilessEntity()
            .then();

    /** Every access token each connection has held when counted (a refresh in a later period replaces it). */
    private final Map<String, ConnectionId> byToken = new HashMap<>();

    /** API requests the sandbox received per connection, told apart by the bearer token each one sent. */
    private Map<ConnectionId, Long> apiCallsPerConnection(List<ConnectionId> ids) {
        ids.forEach(id -> byToken.put("Bearer " + google.storedAccessToken(id), id));
        Map<ConnectionId, Long> calls = google.sandbox.requests().of(Endpoint.API).stream()
                .map(request -> request.header("Authorization"))
                .collect(Collectors.groupingBy(byToken::get, Collectors.counting()));
        ids.forEach(id -> calls.putIfAbsent(id, 0L));
        return calls;
    }

    @Test
    void threeReplicasRunningTogetherProcessEachConnectionOncePerPeriod() {
        List<ConnectionId> ids = connect(150);
        google.sandbox.latency(Duration.ofMillis(2));
        List<ConnectionJobs> replicas = List.of(replica("replica-1"), replica("replica-2"), replica("replica-3"));

        List<JobReport> reports = runTogether(replicas);

        assertThat(apiCallsPerConnection(ids))
                .hasSize(150)
                .allSatisfy((id, calls) ->
                        assertThat(calls).as("API calls of %s", id).isEqualTo(1));
        assertThat(reports.stream().mapToInt(JobReport::succeeded).sum()).isEqualTo(150);
        assertThat(reports).allSatisfy(report -> {
            assertThat(report.shared()).isNotNull();
            assertThat(report.shared().periodStart()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
            assertThat(report.succeeded() + report.shared().claimedByOthers()).isEqualTo(150);
            assertThat(report.shared().takenOver()).isZero();
            assertThat(report.shared().lateCompletions()).isZero();
        });

        // later in the same period: every connection is done, nobody calls the API again
        google.clock.advance(Duration.ofMinutes(15));
        List<JobReport> again = runTogether(replicas);
        assertThat(google.sandbox.requestCount(Endpoint.API)).isEqualTo(150);
        assertThat(again).allSatisfy(report -> {
            assertThat(report.succeeded()).isZero();
            assertThat(report.shared().alreadyDone()).isEqualTo(150);
        });

        // the next period: each connection once more
        google.clock.advance(Duration.ofHours(1));
        runTogether(replicas);
        assertThat(apiCallsPerConnection(ids))
                .allSatisfy((id, calls) -> assertThat(calls).isEqualTo(2));
    }

    @Test
    void aDeadReplicasClaimsAreTakenOverOnceTheyLapseAndEveryConnectionIsStillProcessedOnce() {
        List<ConnectionId> ids = connect(100);
        // replica-1 claimed 40 connections and died before working on them: its claims stay in progress
        Instant period = SYNC.periodStart(google.clock.instant());
        List<ConnectionId> orphaned = ids.subList(0, 40);
        for (ConnectionId id : orphaned) {
            Instant now = google.clock.instant();
            JobClaim claim = new JobClaim(SYNC.name(), id, period, "replica-1", now, now.plus(SYNC.lapse()));
            assertThat(claims.claim(claim).block()).isEqualTo(ClaimOutcome.CLAIMED);
        }
        ConnectionJobs survivor = replica("replica-2").shared(SYNC);

        JobReport before = survivor.forEachConnection("google", 8, LIST_FILES);
        assertThat(before.succeeded()).isEqualTo(60);
        assertThat(before.shared().heldByOthers()).isEqualTo(40);

        google.clock.advance(SYNC.lapse().plusSeconds(1));
        JobReport after = survivor.forEachConnection("google", 8, LIST_FILES);

        assertThat(after.succeeded()).isEqualTo(40);
        assertThat(after.shared().takenOver()).isEqualTo(40);
        assertThat(after.shared().alreadyDone()).isEqualTo(60);
        assertThat(apiCallsPerConnection(ids))
                .allSatisfy((id, calls) ->
                        assertThat(calls).as("API calls of %s", id).isEqualTo(1));
        // the dead replica coming back cannot complete what was taken from it
        assertThat(claims.complete(new JobClaim(
                                SYNC.name(),
                                orphaned.get(0),
                                period,
                                "replica-1",
                                google.clock.instant(),
                                google.clock.instant().plus(SYNC.lapse())))
                        .block())
                .isFalse();
    }

    @Test
    void aConnectionWhoseWorkFailedIsNotRetriedByAnotherReplicaInThePeriod() {
        List<ConnectionId> ids = connect(10);
        Map<ConnectionId, Integer> attempts = new ConcurrentHashMap<>();
        ConnectionWork failing = (connection, api) -> {
            attempts.merge(connection.id(), 1, Integer::sum);
            return Mono.error(new IllegalStateException("the application's own failure"));
        };

        JobReport first = replica("replica-1").shared(SYNC).forEachConnection("google", 4, failing);
        JobReport second = replica("replica-2").shared(SYNC).forEachConnection("google", 4, failing);

        assertThat(first.failedOther()).isEqualTo(10);
        assertThat(second.failedOther()).isZero();
        assertThat(second.shared().alreadyDone()).isEqualTo(10);
        assertThat(attempts)
                .hasSize(ids.size())
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    }

    @Test
    void aRunClaimsEachListedPageInOneCallToTheClaims() {
        connect(60);
        List<Integer> batches = new CopyOnWriteArrayList<>();
        AtomicInteger single = new AtomicInteger();
        JobClaims counted = new JobClaims() {
            @Override
            public Mono<ClaimOutcome> claim(JobClaim claim) {
                single.incrementAndGet();
                return claims.claim(claim);
            }

            @Override
            public Mono<List<ClaimOutcome>> claimAll(List<JobClaim> all) {
                batches.add(all.size());
                return claims.claimAll(all);
            }

            @Override
            public Mono<Boolean> complete(JobClaim claim) {
                return claims.complete(claim);
            }
        };

        JobReport report = replica(counted, "replica-1").shared(SYNC).forEachConnection("google", 4, LIST_FILES);

        assertThat(report.succeeded()).isEqualTo(60);
        assertThat(batches).as("claims per call, pages of 25").containsExactly(25, 25, 10);
        assertThat(single).hasValue(0);
    }

    @Test
    void whenAPagesClaimsFailTogetherEachConnectionIsClaimedOnItsOwnAndOnlyTheOneThatCannotBeFails() {
        List<ConnectionId> ids = connect(30);
        ConnectionId broken = ids.get(7);
        JobClaims flaky = new JobClaims() {
            @Override
            public Mono<ClaimOutcome> claim(JobClaim claim) {
                return claim.connection().equals(broken)
                        ? Mono.error(new IllegalStateException("no claim for this one"))
                        : claims.claim(claim);
            }

            @Override
            public Mono<List<ClaimOutcome>> claimAll(List<JobClaim> all) {
                return Mono.error(new IllegalStateException("the page's claims failed together"));
            }

            @Override
            public Mono<Boolean> complete(JobClaim claim) {
                return claims.complete(claim);
            }
        };

        JobReport report = replica(flaky, "replica-1").shared(SYNC).forEachConnection("google", 4, LIST_FILES);

        assertThat(report.succeeded()).isEqualTo(29);
        assertThat(report.failedOther()).isEqualTo(1);
        assertThat(report.failures()).extracting(ConnectionFailure::connection).containsExactly(broken);
        Map<ConnectionId, Long> calls = apiCallsPerConnection(ids);
        assertThat(calls).containsEntry(broken, 0L);
        assertThat(calls).allSatisfy((id, n) -> assertThat(n).isEqualTo(id.equals(broken) ? 0L : 1L));
    }

    @Test
    void sharedJobsNeedClaimsAndRefuseAppConnections() {
        ConnectionJobs unclaimed = new ConnectionJobs(
                google.store,
                new ProviderRegistry(List.of(google.registration)),
                google.clients(),
                google.clock,
                JobSettings.defaults());

        assertThatThrownBy(() -> unclaimed.shared(SYNC))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JobClaims bean");
        assertThatThrownBy(() ->
                        replica("replica-1").shared(SYNC).forEachAppConnection("google", Flux.empty(), 1, LIST_FILES))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("partition(");
        assertThatThrownBy(() -> SharedJob.of("../escape", Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("job name");
        assertThatThrownBy(() -> new SharedJob("sync", Duration.ofMinutes(1), Duration.ofMinutes(2)))
                .hasMessageContaining("at most its period");
    }

    @Test
    void periodsAreAlignedToTheEpochSoEveryReplicaAgrees() {
        SharedJob hourly = SharedJob.of("sync", Duration.ofHours(1));

        assertThat(hourly.periodStart(Instant.parse("2026-11-25T10:59:59.999Z")))
                .isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(hourly.periodStart(Instant.parse("2026-11-25T11:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-25T11:00:00Z"));
        assertThat(SharedJob.of("sync", Duration.ofMinutes(1)).lapse()).isEqualTo(Duration.ofMinutes(1));
        assertThat(hourly.lapse()).isEqualTo(SharedJob.DEFAULT_LAPSE);
    }

    private static List<JobReport> runTogether(List<ConnectionJobs> replicas) {
        List<CompletableFuture<JobReport>> runs = replicas.stream()
                .map(jobs -> CompletableFuture.supplyAsync(
                        () -> jobs.shared(SYNC).forEachConnection("google", 8, LIST_FILES)))
                .toList();
        return runs.stream().map(CompletableFuture::join).toList();
    }
}
