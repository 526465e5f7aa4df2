package io.github.saasconnect.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Contract Part B, section K: concurrency properties, driven over real HTTP from many threads. */
class ConcurrencyTest extends AbstractVaultServerTest {

    private static final String CAS_MISMATCH_BODY =
            "{\"errors\":[\"check-and-set parameter did not match the current version\"]}";

    private static final int RACERS = 50;

    private static final Duration BOUND = Duration.ofSeconds(60);

    private ExecutorService pool;

    @BeforeEach
    void startPool() {
        this.pool = Executors.newFixedThreadPool(RACERS);
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        this.pool.shutdownNow();
        this.pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    private <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        tasks.forEach((task) -> futures.add(this.pool.submit(task)));
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(BOUND.toSeconds(), TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    @DisplayName("K1 50 clients read version v and all write with cas:v: exactly one wins, the rest get the CAS error")
    void exactlyOneCasWinnerPerVersion() throws Exception {
        // Given a key at version 1 and 50 clients that each read it, then wait for one another
        this.server.seed("app", Map.of("owner", "nobody"));
        CyclicBarrier allHaveRead = new CyclicBarrier(RACERS);
        List<Callable<VaultHttp.Reply>> racers = IntStream.range(0, RACERS)
                .<Callable<VaultHttp.Reply>>mapToObj((i) -> () -> {
                    int version = this.http
                            .get("/v1/secret/data/app")
                            .data()
                            .get("metadata")
                            .get("version")
                            .intValue();
                    allHaveRead.await(BOUND.toSeconds(), TimeUnit.SECONDS);
                    return this.http.post(
                            "/v1/secret/data/app",
                            "{\"data\":{\"owner\":\"racer-" + i + "\"},\"options\":{\"cas\":" + version + "}}");
                })
                .toList();

        // When they all write with the version they read
        List<VaultHttp.Reply> replies = runAll(racers);

        // Then exactly one write succeeded, as version 2, and every other one got the exact CAS error
        List<VaultHttp.Reply> winners =
                replies.stream().filter((r) -> r.status() == 200).toList();
        assertThat(winners).hasSize(1);
        assertThat(winners.get(0).data().get("version").intValue()).isEqualTo(2);
        assertThat(replies.stream().filter((r) -> r.status() != 200))
                .hasSize(RACERS - 1)
                .allSatisfy((loser) -> {
                    assertThat(loser.status()).isEqualTo(400);
                    assertThat(loser.contentType()).isEqualTo("application/json");
                    assertThat(loser.body()).isEqualTo(CAS_MISMATCH_BODY);
                });
        assertThat(this.server.currentVersion("app")).isEqualTo(2);
        assertThat(this.server.requests().stream().filter((r) -> r.method().equals("POST")))
                .hasSize(RACERS)
                .allSatisfy((r) -> assertThat(r.cas()).hasValue(1));
    }

    @Test
    @DisplayName("K2 50 writers with cas:0 on an absent key: exactly one creates it")
    void exactlyOneCreatorWithCasZero() throws Exception {
        // Given 50 writers released together
        CyclicBarrier start = new CyclicBarrier(RACERS);
        List<Callable<VaultHttp.Reply>> writers = IntStream.range(0, RACERS)
                .<Callable<VaultHttp.Reply>>mapToObj((i) -> () -> {
                    start.await(BOUND.toSeconds(), TimeUnit.SECONDS);
                    return this.http.post(
                            "/v1/secret/data/fresh", "{\"data\":{\"creator\":" + i + "},\"options\":{\"cas\":0}}");
                })
                .toList();

        // When they all try to create the key
        List<VaultHttp.Reply> replies = runAll(writers);

        // Then one created version 1 and the others were refused
        assertThat(replies.stream().filter((r) -> r.status() == 200))
                .hasSize(1)
                .allSatisfy(
                        (r) -> assertThat(r.data().get("version").intValue()).isEqualTo(1));
        assertThat(replies.stream().filter((r) -> r.status() == 400))
                .hasSize(RACERS - 1)
                .allSatisfy((r) -> assertThat(r.body()).isEqualTo(CAS_MISMATCH_BODY));
        assertThat(this.server.currentVersion("fresh")).isEqualTo(1);
    }

    @Test
    @DisplayName("K3 stale reads with CAS retries converge: no lost update, no duplicate version")
    void staleReadsWithCasRetriesConverge() throws Exception {
        // Given a replica that lags and catches up only every third read, and 8 clients incrementing a counter 5 times
        this.server.readReplica().lag(3);
        int clients = 8;
        int increments = 5;
        Set<Integer> versionsWon = ConcurrentHashMap.newKeySet();
        List<Callable<Integer>> incrementers = IntStream.range(0, clients)
                .<Callable<Integer>>mapToObj((i) -> () -> {
                    int duplicates = 0;
                    for (int done = 0; done < increments; done++) {
                        duplicates += incrementWithRetries(versionsWon);
                    }
                    return duplicates;
                })
                .toList();

        // When they all run
        List<Integer> duplicates = runAll(incrementers);

        // Then every increment landed once, on its own version
        assertThat(duplicates).allSatisfy((d) -> assertThat(d).isZero());
        int total = clients * increments;
        assertThat(versionsWon)
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.rangeClosed(1, total).boxed().toList());
        assertThat(this.server.currentVersion("counter")).isEqualTo(total);
        assertThat(this.server.readCurrent("counter"))
                .hasValueSatisfying((data) -> assertThat(data).containsEntry("count", total));
    }

    /** Read (maybe stale), write with cas, retry on a CAS conflict; returns 1 if the version won was already taken. */
    private int incrementWithRetries(Set<Integer> versionsWon) {
        for (int attempt = 0; attempt < 2_000; attempt++) {
            VaultHttp.Reply read = this.http.get("/v1/secret/data/counter");
            int version = 0;
            int count = 0;
            if (read.status() == 200) {
                JsonNode data = read.data();
                version = data.get("metadata").get("version").intValue();
                count = data.get("data").get("count").intValue();
            }
            VaultHttp.Reply write = this.http.post(
                    "/v1/secret/data/counter",
                    "{\"data\":{\"count\":" + (count + 1) + "},\"options\":{\"cas\":" + version + "}}");
            if (write.status() == 200) {
                return versionsWon.add(write.data().get("version").intValue()) ? 0 : 1;
            }
            assertThat(write.body()).isEqualTo(CAS_MISMATCH_BODY);
        }
        throw new AssertionError("no convergence after 2000 attempts");
    }

    @Test
    @DisplayName("K4 an ambiguous commit changes state although the client saw an error; re-reading finds its write-id")
    void ambiguousCommitIsRecognisedByReReading() {
        // Given a key at version 1 and a connection that drops after the next write
        this.server.seed("app", Map.of("write_id", "w-1"));
        this.server.faults().dropConnectionAfterNextWrite();

        // When a client writes with cas:1 and its own write id
        assertThatThrownBy(() -> this.http
                        .sendAsync(
                                "POST",
                                "/v1/secret/data/app",
                                "{\"data\":{\"write_id\":\"w-2\"},\"options\":{\"cas\":1}}",
                                Duration.ofSeconds(20))
                        .get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);

        // Then re-reading shows its own write as version 2
        VaultHttp.Reply reread = this.http.get("/v1/secret/data/app");
        assertThat(reread.data().get("data").get("write_id").stringValue()).isEqualTo("w-2");
        assertThat(reread.data().get("metadata").get("version").intValue()).isEqualTo(2);
        // And a blind retry with the same cas would fail with the CAS error
        VaultHttp.Reply blindRetry =
                this.http.post("/v1/secret/data/app", "{\"data\":{\"write_id\":\"w-2\"},\"options\":{\"cas\":1}}");
        assertThat(blindRetry.body()).isEqualTo(CAS_MISMATCH_BODY);
        assertThat(this.server.currentVersion("app")).isEqualTo(2);
    }
}
