package io.github.saasconnect.store.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.StoreUnavailableException;
import io.github.saasconnect.store.StaleVersionException;
import io.github.saasconnect.testkit.vault.Fault;
import io.github.saasconnect.testkit.vault.RequestMatcher;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.vault.support.VaultMetadataRequest;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * How a check-and-set write is settled when it fails or its answer is lost: our write landed, someone else's did,
 * or nobody can tell. Against the test kit's KV v2 server through the reactive client, which never resends a
 * write by itself.
 */
class WriteSettlementTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ConnectionId ID = ConnectionId.of("github", "alice");
    private static final String PATH = "saas-connect/connections/github/key";

    private final VaultTestServer vault = VaultTestServer.start();
    private final VaultKeyValue kv = TestVaultClients.keyValue(vault);
    private final WriteSettlement settlement =
            new WriteSettlement(kv, TestVaultClients.quickCalls(CircuitBreakerConfig.ofDefaults()));

    @AfterEach
    void stopVault() {
        vault.close();
    }

    @Test
    void aWriteWhoseAnswerWasLostIsReadBackWithTheGenerationTheKeysMetadataNames() {
        write("first", 0);
        kv.putMetadata(
                        PATH,
                        VaultMetadataRequest.builder()
                                .customMetadata(Map.of("generation", "g-1"))
                                .build())
                .block(TIMEOUT);
        vault.faults().dropConnectionAfterNextWrite();
        vault.clearRequests();

        LandedWrite landed = write("second", 1);

        assertThat(landed).isEqualTo(new LandedWrite(2, "g-1", false, true));
        assertThat(requests()).containsExactly("POST secret/data/" + PATH, "GET secret/data/" + PATH);
    }

    @Test
    void aConflictOnAWriteSentOnceIsStaleWithoutReadingTheKey() {
        write("first", 0);
        vault.seed(PATH, Map.of("owner", "someone-else"));
        vault.clearRequests();

        StepVerifier.create(settlement.write(ID, PATH, data("late"), 1))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(StaleVersionException.class))
                .verify(TIMEOUT);

        assertThat(requests()).containsExactly("POST secret/data/" + PATH);
    }

    @Test
    void aLostAnswerWhileAnotherWriterMadeTheNextVersionIsStale() {
        write("first", 0);
        vault.faults()
                .failNext(1, RequestMatcher.writes(), Fault.internalError().withDelay(Duration.ofMillis(500)));
        vault.clearRequests();

        Mono<LandedWrite> ours = settlement.write(ID, PATH, data("ours"), 1).cache();
        ours.subscribe(v -> {}, e -> {});
        vault.awaitRequest(r -> r.faulted(), TIMEOUT);
        vault.seed(PATH, Map.of("access_token", "theirs"));

        StepVerifier.create(ours).expectError(StaleVersionException.class).verify(TIMEOUT);
        assertThat(vault.readCurrent(PATH)).hasValue(Map.of("access_token", "theirs"));
        assertThat(requests())
                .containsExactly(
                        "POST secret/data/" + PATH,
                        "GET secret/data/" + PATH,
                        "GET secret/data/" + PATH + "?version=2");
    }

    @Test
    void aLostAnswerThatCannotBeReadBackIsAnUnknownOutcomeNotAGuess() {
        write("first", 0);
        vault.faults().dropConnectionAfterNextWrite();
        vault.faults().failNext(3, RequestMatcher.method("GET"), Fault.internalError());
        vault.clearRequests();

        StepVerifier.create(settlement.write(ID, PATH, data("second"), 1))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("Vault did not confirm a write")
                        .hasMessageContaining("could not be read to find out whether it landed"))
                .verify(TIMEOUT);

        assertThat(vault.currentVersion(PATH)).as("the write did land").isEqualTo(2);
        assertThat(requests())
                .containsExactly(
                        "POST secret/data/" + PATH,
                        "GET secret/data/" + PATH,
                        "GET secret/data/" + PATH,
                        "GET secret/data/" + PATH);
    }

    @Test
    void aCreateVaultDidNotApplyIsReportedNotAppliedRatherThanStale() {
        vault.faults().failNext(1, RequestMatcher.writes(), Fault.internalError());

        StepVerifier.create(settlement.write(ID, PATH, data("first"), 0))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("the write did not reach Vault")
                        .hasMessageContaining("nothing was changed"))
                .verify(TIMEOUT);

        assertThat(vault.currentVersion(PATH)).isZero();
        assertThat(requests()).containsExactly("POST secret/data/" + PATH, "GET secret/data/" + PATH);
    }

    private LandedWrite write(String token, int cas) {
        return settlement.write(ID, PATH, data(token), cas).block(TIMEOUT);
    }

    private static Map<String, Object> data(String token) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("access_token", token);
        return data;
    }

    private List<String> requests() {
        return vault.requests().stream()
                .map(r -> r.method() + " " + r.vaultPath()
                        + (r.query().containsKey("version")
                                ? "?version=" + r.query().get("version")
                                : ""))
                .toList();
    }
}
