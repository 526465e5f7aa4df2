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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** When a Vault call is sent again, and what the guard lets through, against the test kit's KV v2 server. */
class VaultCallPolicyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ConnectionId ID = ConnectionId.of("github", "alice");
    private static final String PATH = "saas-connect/connections/github/key";

    private final VaultTestServer vault = VaultTestServer.start();
    private final VaultKeyValue kv = TestVaultClients.keyValue(vault);
    private final VaultCallPolicy calls = TestVaultClients.quickCalls(CircuitBreakerConfig.custom()
            .minimumNumberOfCalls(1)
            .slidingWindowSize(1)
            .build());

    @AfterEach
    void stopVault() {
        vault.close();
    }

    @Test
    void anIdempotentRequestIsSentAgainAfterAnAnswerThatMayHaveBeenLost() {
        vault.seed(PATH, Map.of("access_token", "t"));
        vault.faults().failNext(2, RequestMatcher.method("GET"), Fault.internalError());

        assertThat(calls.idempotent(kv.get(PATH)).block(TIMEOUT).getRequiredData())
                .containsEntry("access_token", "t");
        assertThat(vault.requests()).hasSize(3);
    }

    @Test
    void aCheckAndSetWriteIsNotSentAgainAfterAnAnswerThatMayHaveBeenLost() {
        vault.faults()
                .failNext(1, RequestMatcher.writes(), Fault.internalError().afterCommit());

        StepVerifier.create(calls.checkAndSet(kv.put(PATH, Map.of("access_token", "t"), 0)))
                .expectError()
                .verify(TIMEOUT);

        assertThat(vault.requests()).hasSize(1);
        assertThat(vault.currentVersion(PATH)).isEqualTo(1);
    }

    @Test
    void theStoresOwnAnswersPassTheGuardAsTheyAreAndDoNotOpenTheBreaker() {
        StaleVersionException stale = new StaleVersionException(ID, 1);

        StepVerifier.create(calls.guarded(
                        ID, "github", "token store's write", VaultStoreLayout.defaults(), Mono.error(stale)))
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(stale))
                .verify(TIMEOUT);

        assertThat(calls.breaker().getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void aFailedVaultCallIsStoreUnavailableNamingTheOperationAndCountsForTheBreaker() {
        vault.seal();

        StepVerifier.create(calls.guarded(
                        ID,
                        "github",
                        "token store's read",
                        VaultStoreLayout.defaults(),
                        calls.idempotent(kv.get(PATH))))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("token store's read failed: HTTP 503"))
                .verify(TIMEOUT);

        assertThat(calls.breaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    }
}
