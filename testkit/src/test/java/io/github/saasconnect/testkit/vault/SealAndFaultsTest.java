package io.github.saasconnect.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Contract Part B, section C: sealed, rate-limited and unavailable. */
class SealAndFaultsTest extends AbstractVaultServerTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Test
    @DisplayName("C1 a sealed server answers 503 Vault is sealed, before the token check and any KV logic")
    void sealedAnswers503BeforeTokenCheck() {
        // Given a stored key and a sealed server
        this.server.seed("app", Map.of("k", "v"));
        this.server.seal();

        // When a good token reads, a bad token reads, and a good token writes
        VaultHttp.Reply read = this.http.get("/v1/secret/data/app");
        VaultHttp.Reply badToken = new VaultHttp(this.server.uri(), "nope").get("/v1/secret/data/app");
        VaultHttp.Reply write = this.http.post("/v1/secret/data/app", "{\"data\":{\"k\":\"w\"}}");

        // Then all three are 503 Vault is sealed and nothing changed
        for (VaultHttp.Reply reply : new VaultHttp.Reply[] {read, badToken, write}) {
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.firstError()).isEqualTo("Vault is sealed");
        }
        assertThat(this.server.currentVersion("app")).isEqualTo(1);
        // And path syntax is still checked first, and unsealing restores service
        assertThat(this.http.get("/v1/secret/data/a//b").status()).isEqualTo(400);
        this.server.unseal();
        assertThat(this.http.get("/v1/secret/data/app").status()).isEqualTo(200);
    }

    @Test
    @DisplayName("C1 sys/health and sys/seal-status still answer while sealed")
    void healthAndSealStatusAnswerWhileSealed() {
        // Given a sealed server
        this.server.seal();

        // When the seal status is read without a token
        VaultHttp.Reply status = VaultHttp.anonymous(this.server).get("/v1/sys/seal-status");

        // Then it answers and says sealed
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("sealed").booleanValue()).isTrue();
        assertThat(VaultHttp.anonymous(this.server)
                        .get("/v1/sys/health")
                        .json()
                        .get("sealed")
                        .booleanValue())
                .isTrue();
    }

    @Test
    @DisplayName("C2 sys/health answers 200 unsealed and 503 with sealed:true while sealed")
    void healthReflectsTheSeal() {
        // When health is read unsealed, then sealed
        VaultHttp.Reply healthy = VaultHttp.anonymous(this.server).get("/v1/sys/health");
        this.server.seal();
        VaultHttp.Reply sealed = VaultHttp.anonymous(this.server).get("/v1/sys/health");

        // Then the shape is Vault's and the status follows the seal
        assertThat(healthy.status()).isEqualTo(200);
        JsonNode body = healthy.json();
        assertThat(body.get("initialized").booleanValue()).isTrue();
        assertThat(body.get("sealed").booleanValue()).isFalse();
        assertThat(body.get("standby").booleanValue()).isFalse();
        assertThat(body.get("performance_standby").booleanValue()).isFalse();
        assertThat(body.get("version").stringValue()).isNotBlank();
        assertThat(body.get("server_time_utc").isNumber()).isTrue();
        assertThat(body.get("cluster_name").stringValue()).isNotBlank();
        assertThat(body.get("cluster_id").stringValue()).isNotBlank();
        assertThat(sealed.status()).isEqualTo(503);
        assertThat(sealed.json().get("sealed").booleanValue()).isTrue();
    }

    @Test
    @DisplayName("C3 failNext answers the next requests with 429 (with Retry-After), 500 and 503, changing nothing")
    void failNextAnswersErrorsInstead() {
        // Given three queued faults
        this.server.faults().failNext(1, Fault.rateLimited(Duration.ofSeconds(2)));
        this.server.faults().failNext(1, 500);
        FaultRule unavailable = this.server.faults().failNext(1, 503);

        // When four writes are sent
        VaultHttp.Reply rateLimited = this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":1}}");
        VaultHttp.Reply internal = this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":2}}");
        VaultHttp.Reply noLeader = this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":3}}");
        VaultHttp.Reply normal = this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":4}}");

        // Then the first three fail with Vault's shapes and only the fourth writes
        assertThat(rateLimited.status()).isEqualTo(429);
        assertThat(rateLimited.firstError()).isEqualTo("request path \"secret/data/app\": rate limit quota exceeded");
        assertThat(rateLimited.header("Retry-After")).isEqualTo("2");
        assertThat(internal.status()).isEqualTo(500);
        assertThat(internal.json().get("errors").size()).isEqualTo(1);
        assertThat(noLeader.status()).isEqualTo(503);
        assertThat(noLeader.firstError()).isEqualTo("no active Vault instance found");
        assertThat(normal.status()).isEqualTo(200);
        assertThat(this.server.currentVersion("app")).isEqualTo(1);
        assertThat(unavailable.struck()).isEqualTo(1);
        assertThat(unavailable.remaining()).isZero();
    }

    @Test
    @DisplayName("C3 a fault can target requests by method and path")
    void faultsTargetMatchingRequests() {
        // Given a fault for writes to one key only
        FaultRule rule = this.server
                .faults()
                .failWhen(
                        RequestMatcher.method("POST").and(RequestMatcher.path("secret/data/hot")), Fault.rateLimited());

        // When that key and another are written, twice each
        VaultHttp.Reply hot1 = this.http.post("/v1/secret/data/hot", "{\"data\":{\"n\":1}}");
        VaultHttp.Reply cold = this.http.post("/v1/secret/data/cold", "{\"data\":{\"n\":1}}");
        VaultHttp.Reply hotRead = this.http.get("/v1/secret/data/hot");
        VaultHttp.Reply hot2 = this.http.post("/v1/secret/data/hot", "{\"data\":{\"n\":2}}");
        rule.cancel();
        VaultHttp.Reply hot3 = this.http.post("/v1/secret/data/hot", "{\"data\":{\"n\":3}}");

        // Then only matching requests fail, until the rule is cancelled
        assertThat(hot1.status()).isEqualTo(429);
        assertThat(hot2.status()).isEqualTo(429);
        assertThat(cold.status()).isEqualTo(200);
        assertThat(hotRead.status()).isEqualTo(404);
        assertThat(hot3.status()).isEqualTo(200);
        assertThat(rule.struck()).isEqualTo(2);
    }

    @Test
    @DisplayName("C3 a dropped connection after a write: the write is applied, the client sees an I/O error")
    void dropConnectionAfterWriteAppliesTheWrite() {
        // Given the next write's connection will be dropped
        this.server.faults().dropConnectionAfterNextWrite();

        // When a write is sent
        CompletableFuture<HttpResponse<String>> answer = this.http.sendAsync(
                "POST", "/v1/secret/data/app", "{\"data\":{\"write_id\":\"w-1\"}}", Duration.ofSeconds(20));

        // Then the client gets no answer but an I/O error, while the server applied the write
        assertThatThrownBy(answer::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
        assertThat(this.server.readCurrent("app")).contains(Map.of("write_id", "w-1"));
        RecordedRequest recorded = this.server.requests().get(0);
        assertThat(recorded.status()).isEqualTo(200);
        assertThat(recorded.fault().action()).isEqualTo(Fault.Action.DROP_CONNECTION);
        // And the fault was used up
        assertThat(this.http
                        .post("/v1/secret/data/app", "{\"data\":{\"write_id\":\"w-2\"}}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("C3 a delayed answer after a write: the write is applied, a client with a short timeout times out")
    void delayAfterWriteAppliesTheWrite() {
        // Given the next request's answer is held back far longer than the client waits
        this.server.faults().delayNext(1, Duration.ofMinutes(5));

        // When a write is sent with a short timeout
        CompletableFuture<HttpResponse<String>> answer = this.http.sendAsync(
                "POST", "/v1/secret/data/app", "{\"data\":{\"write_id\":\"w-1\"}}", Duration.ofMillis(500));

        // Then the server has applied the write while the client only sees a timeout
        RecordedRequest handled = this.server.awaitRequest((r) -> r.path().equals("/v1/secret/data/app"), AWAIT);
        assertThat(handled.status()).isEqualTo(200);
        assertThat(handled.fault().action()).isEqualTo(Fault.Action.DELAY);
        assertThat(this.server.readCurrent("app")).contains(Map.of("write_id", "w-1"));
        assertThatThrownBy(answer::get).hasCauseInstanceOf(HttpTimeoutException.class);
    }

    @Test
    @DisplayName("C3 an error after commit: the write is applied although the client sees a 500")
    void errorAfterCommitAppliesTheWrite() {
        // Given the next write fails only after it was applied
        this.server
                .faults()
                .failNext(1, RequestMatcher.writes(), Fault.internalError().afterCommit());

        // When a write is sent
        VaultHttp.Reply reply = this.http.post("/v1/secret/data/app", "{\"data\":{\"write_id\":\"w-1\"}}");

        // Then the client sees 500 but the state changed
        assertThat(reply.status()).isEqualTo(500);
        assertThat(this.server.readCurrent("app")).contains(Map.of("write_id", "w-1"));
    }

    @Test
    @DisplayName("C4 a lagging replica serves stale reads while writes and CAS use the current state")
    void laggingReplicaServesStaleReads() {
        // Given a key at version 1 and a replica frozen there
        this.server.seed("app", Map.of("n", 1));
        this.server.readReplica().lag();

        // When the key is written with cas:1 and read back
        VaultHttp.Reply write = this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":2},\"options\":{\"cas\":1}}");
        VaultHttp.Reply staleRead = this.http.get("/v1/secret/data/app");
        VaultHttp.Reply staleCasWrite =
                this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":3},\"options\":{\"cas\":1}}");
        this.server.readReplica().catchUp();
        VaultHttp.Reply freshRead = this.http.get("/v1/secret/data/app");

        // Then the write lands, the read is stale until the replica catches up, and CAS checks the current state
        assertThat(write.status()).isEqualTo(200);
        assertThat(staleRead.data().get("metadata").get("version").intValue()).isEqualTo(1);
        assertThat(staleCasWrite.status()).isEqualTo(400);
        assertThat(freshRead.data().get("metadata").get("version").intValue()).isEqualTo(2);
    }

    @Test
    @DisplayName("C4 a read naming an index the replica lacks answers 412, unless forwarded to the active node")
    void readWithUnreplicatedIndexAnswers412() {
        // Given a lagging replica and a write whose index it has not seen
        this.server.readReplica().lag();
        VaultHttp.Reply write = this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":1}}");
        String index = write.header("X-Vault-Index");

        // When the key is read with that index, and again with forwarding allowed
        VaultHttp.Reply strict = this.http.withHeader("X-Vault-Index", index).get("/v1/secret/data/app");
        VaultHttp.Reply forwarded = this.http
                .withHeader("X-Vault-Index", index)
                .withHeader("X-Vault-Inconsistent", "forward-active-node")
                .get("/v1/secret/data/app");

        // Then the strict read is refused and the forwarded one sees the write
        assertThat(index).isNotBlank();
        assertThat(strict.status()).isEqualTo(412);
        assertThat(strict.firstError()).isEqualTo("required index state not present");
        assertThat(forwarded.status()).isEqualTo(200);
        // And once the replica is in sync the index is accepted
        this.server.readReplica().stopLagging();
        assertThat(this.http
                        .withHeader("X-Vault-Index", index)
                        .get("/v1/secret/data/app")
                        .status())
                .isEqualTo(200);
    }
}
