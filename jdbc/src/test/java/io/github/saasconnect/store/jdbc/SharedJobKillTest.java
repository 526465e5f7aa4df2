package io.github.saasconnect.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.RecordedRequest;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Process-level truth of shared jobs: three replicas in three JVMs share one job over 300 connections on one
 * PostgreSQL database, against the Google sandbox (50 ms per response), which records every API call with its access
 * token, so the test counts calls per connection where they land. One replica is killed with SIGKILL mid-run: no
 * shutdown hook, no {@code finally}, its claims left in the database as they were. The replicas' clocks stand still
 * and are moved by the test past the claims' lapse, so nothing waits on wall time; every wait polls for a line from a
 * replica with a timeout.
 */
class SharedJobKillTest {

    private static final int CONNECTIONS = 300;
    private static final Instant START = Instant.parse("2026-12-05T10:07:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String VICTIM = "replica-2";

    private TestDatabase db;
    private GoogleSandbox sandbox;
    private final List<Replica> replicas = new ArrayList<>();

    @AfterEach
    void stop() {
        replicas.forEach(replica -> replica.process.destroyForcibly());
        if (sandbox != null) {
            sandbox.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aReplicaKilledWithSigkillMidRunLeavesClaimsTheOthersTakeOverAndNoConnectionIsMissedOrDoneTwiceBesidesThose()
            throws Exception {
        db = TestDatabase.postgres();
        sandbox = GoogleSandbox.start(SandboxOptions.defaults().withClock(MutableClock.at(START)));
        Map<String, ConnectionId> byAccessToken = seed(TestStores.store(db.newDataSource()));
        sandbox.latency(Duration.ofMillis(50));
        for (int r = 0; r < 3; r++) {
            replicas.add(start("replica-" + r));
        }
        for (Replica replica : replicas) {
            replica.await("ready");
        }
        Replica victim = replicas.get(2);
        List<Replica> survivors = replicas.subList(0, 2);

        // period 1: the victim starts first, so that it holds claims when the others come
        victim.send("run");
        victim.await("done ");
        survivors.forEach(survivor -> survivor.send("run"));
        while (victim.done.get() < 10) {
            victim.await("done ");
        }
        victim.process.destroyForcibly(); // SIGKILL
        assertThat(victim.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<Report> firstRuns = new ArrayList<>();
        for (Replica survivor : survivors) {
            firstRuns.add(survivor.report());
        }

        Map<String, ConnectionId> byDigest = byAccessToken.values().stream()
                .collect(Collectors.toMap(
                        id -> OwnerDigest.of(TestStores.OWNER_KEY).of(id), Function.identity()));
        JdbcClient sql = JdbcClient.create(db.newDataSource());
        Set<ConnectionId> orphaned = sql
                .sql("SELECT owner_digest FROM " + JdbcJobClaims.TABLE
                        + " WHERE job = ? AND holder = ? AND done = FALSE")
                .params(SharedJobReplica.JOB.name(), VICTIM)
                .query(String.class)
                .list()
                .stream()
                .map(byDigest::get)
                .collect(Collectors.toSet());
        int completedByVictim = sql.sql(
                        "SELECT COUNT(*) FROM " + JdbcJobClaims.TABLE + " WHERE job = ? AND holder = ? AND done = TRUE")
                .params(SharedJobReplica.JOB.name(), VICTIM)
                .query(Integer.class)
                .single();
        assertThat(orphaned)
                .as("claims the killed replica held and never completed")
                .isNotEmpty();
        for (Report run : firstRuns) {
            assertThat(run.failed()).isZero();
            assertThat(run.succeeded() + run.claimedByOthers())
                    .as("every connection processed by this replica or left to another's claim")
                    .isEqualTo(CONNECTIONS);
            // held by others: the killed replica's claims, still in force, and the other survivor's claims in flight
            assertThat(run.heldByOthers()).isGreaterThanOrEqualTo(orphaned.size());
        }

        // still period 1, the killed replica's claims lapsed: the survivors run again and take them over
        List<Report> secondRuns = new ArrayList<>();
        for (Replica survivor : survivors) {
            survivor.send("advance " + SharedJobReplica.JOB.lapse().plusSeconds(1));
            survivor.await("ok");
            survivor.send("run");
        }
        for (Replica survivor : survivors) {
            secondRuns.add(survivor.report());
        }
        assertThat(secondRuns.stream().mapToInt(Report::takenOver).sum()).isEqualTo(orphaned.size());
        assertThat(secondRuns.stream().mapToInt(Report::succeeded).sum()).isEqualTo(orphaned.size());
        assertThat(secondRuns).allSatisfy(run -> {
            assertThat(run.failed()).isZero();
            assertThat(run.lateCompletions()).isZero();
        });
        int bySurvivors = firstRuns.stream().mapToInt(Report::succeeded).sum()
                + secondRuns.stream().mapToInt(Report::succeeded).sum();
        assertThat(bySurvivors + completedByVictim)
                .as("the survivors' work and the claims the killed replica completed account for every connection")
                .isEqualTo(CONNECTIONS);

        Map<ConnectionId, Integer> calls = callsPerConnection(byAccessToken);
        assertThat(calls.keySet()).as("every connection called in period 1").containsAll(byAccessToken.values());
        Set<ConnectionId> twice = calls.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertThat(calls.values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(2));
        assertThat(orphaned)
                .as("connections called twice: only the killed replica's claims it had not completed")
                .containsAll(twice);
        System.out.printf(
                "shared job kill test: killed replica completed %d, left %d claims, %d of those called twice;"
                        + " survivors processed %d + %d%n",
                completedByVictim,
                orphaned.size(),
                twice.size(),
                firstRuns.stream().mapToInt(Report::succeeded).sum(),
                secondRuns.stream().mapToInt(Report::succeeded).sum());

        // period 2, on the survivors: every connection exactly once
        sandbox.requests().clear();
        List<Report> nextPeriod = new ArrayList<>();
        for (Replica survivor : survivors) {
            survivor.send("advance " + SharedJobReplica.JOB.period());
            survivor.await("ok");
            survivor.send("run");
        }
        for (Replica survivor : survivors) {
            nextPeriod.add(survivor.report());
        }
        assertThat(nextPeriod.stream().mapToInt(Report::succeeded).sum()).isEqualTo(CONNECTIONS);
        assertThat(nextPeriod.stream().mapToInt(Report::takenOver).sum()).isZero();
        Map<ConnectionId, Integer> nextCalls = callsPerConnection(byAccessToken);
        assertThat(nextCalls.keySet()).containsExactlyInAnyOrderElementsOf(byAccessToken.values());
        assertThat(nextCalls.values()).containsOnly(1);
    }

    /** Connections stored with the sandbox's tokens; answers them by access token. */
    private Map<String, ConnectionId> seed(JdbcTokenStore store) {
        Map<String, ConnectionId> byAccessToken = new HashMap<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            ConnectionId id = ConnectionId.of(SharedJobReplica.REGISTRATION, "user-" + i);
            SeededConnection seeded = sandbox.connect(sandbox.user("user-" + i));
            TokenSet tokens = new TokenSet(
                    Secret.of(seeded.accessToken()),
                    seeded.accessTokenExpiresAt(),
                    "Bearer",
                    Secret.of(seeded.refreshToken()),
                    null,
                    seeded.scopes(),
                    null,
                    Map.of());
            store.write(ConnectionRecord.connected(id, tokens, Map.of(), START, "g" + i), 0)
                    .block(TIMEOUT);
            byAccessToken.put(seeded.accessToken(), id);
        }
        return byAccessToken;
    }

    /** API calls the sandbox received per connection, told apart by the bearer token each carried. */
    private Map<ConnectionId, Integer> callsPerConnection(Map<String, ConnectionId> byAccessToken) {
        Map<ConnectionId, Integer> calls = new HashMap<>();
        for (RecordedRequest request : sandbox.requests().of(Endpoint.API)) {
            String authorization = request.header("authorization");
            ConnectionId id = byAccessToken.get(authorization.substring("Bearer ".length()));
            assertThat(id).as("a call with a token the test seeded").isNotNull();
            calls.merge(id, 1, Integer::sum);
        }
        return calls;
    }

    private Replica start(String name) throws IOException {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1",
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        SharedJobReplica.class.getName(),
                        db.url(),
                        base64(TestStores.OWNER_KEY),
                        base64(TestStores.K1),
                        sandbox.baseUrl().toString(),
                        sandbox.tokenEndpoint().toString(),
                        sandbox.authorizationEndpoint().toString(),
                        sandbox.client().clientId(),
                        sandbox.client().clientSecret(),
                        name,
                        START.toString())
                .redirectErrorStream(true)
                .start();
        return new Replica(name, process);
    }

    private static String base64(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }

    /** A replica's counts from its {@code report} line. */
    private record Report(
            int succeeded, int failed, int alreadyDone, int heldByOthers, int takenOver, int lateCompletions) {

        int claimedByOthers() {
            return alreadyDone + heldByOthers;
        }
    }

    /** A replica process: commands to its standard input, its answers read off its output by a thread of their own. */
    private static final class Replica {

        final String name;
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final AtomicInteger done = new AtomicInteger();
        private final Writer commands;
        private final Set<String> seen = new HashSet<>();

        Replica(String name, Process process) {
            this.name = name;
            this.process = process;
            this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader out = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            for (String line; (line = out.readLine()) != null; ) {
                                if (line.startsWith(SharedJobReplica.PREFIX)) {
                                    lines.add(line.substring(SharedJobReplica.PREFIX.length()));
                                }
                            }
                        } catch (IOException e) {
                            // the process died: the lines read so far are all there is
                        }
                    },
                    name + "-output");
            reader.setDaemon(true);
            reader.start();
        }

        void send(String command) {
            if (command.equals("run")) {
                seen.clear(); // each run calls each connection at most once
            }
            try {
                commands.write(command + "\n");
                commands.flush();
            } catch (IOException e) {
                throw new IllegalStateException(name + " stopped taking commands", e);
            }
        }

        /** The next line that starts with {@code prefix}; "done" lines on the way are counted. */
        String await(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(line)
                        .as("%s answered '%s' within %s (alive: %s)", name, prefix, TIMEOUT, process.isAlive())
                        .isNotNull();
                if (line.startsWith("done ")) {
                    assertThat(seen.add(line))
                            .as("%s called %s twice in one run", name, line)
                            .isTrue();
                    done.incrementAndGet();
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }

        Report report() throws InterruptedException {
            String[] n = await("report ").split(" ");
            return new Report(
                    Integer.parseInt(n[1]),
                    Integer.parseInt(n[2]),
                    Integer.parseInt(n[3]),
                    Integer.parseInt(n[4]),
                    Integer.parseInt(n[5]),
                    Integer.parseInt(n[6]));
        }
    }
}
