package io.github.saasconnect.store.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.resilience.Backoff;
import io.github.saasconnect.store.JobClaim;
import io.github.saasconnect.store.JobClaims;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.tck.JobClaimsContract;
import io.github.saasconnect.testkit.vault.RecordedRequest;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The claims contract against the test kit's KV v2 server, with a token that holds exactly the store policy
 * VAULT-STORE.md documents: the policy covers the claims too.
 */
class VaultJobClaimsTest extends JobClaimsContract {

    private VaultTestServer vault;

    @Override
    protected TokenStore createStore() {
        vault = VaultTestServer.start(
                VaultTestServer.options().token(TestVaultClients.STORE_TOKEN, TestVaultClients.STORE_POLICY));
        return VaultTokenStore.builder(TestVaultClients.reactive(vault.uri(), TestVaultClients.STORE_TOKEN))
                .ownerDigestSecret("a-test-owner-digest-secret-of-32-bytes!!".getBytes())
                .retry(3, new Backoff(Duration.ofMillis(5), 2.0, Duration.ofMillis(20)), Duration.ofMillis(50))
                .build();
    }

    @Override
    protected JobClaims claimsOf(TokenStore store) {
        return ((VaultTokenStore) store).jobClaims();
    }

    @AfterEach
    void stopVault() {
        vault.close();
    }

    @Test
    void aClaimIsASecretOfItsOwnNamedByTheConnectionsKeyedDigest() {
        VaultTokenStore vaultStore = (VaultTokenStore) store;
        ConnectionId id = connection("alice@example.com");
        Instant now = Instant.now();

        claims.claim(new JobClaim("nightly", id, now, "host-1:42", now, now.plusSeconds(60)))
                .block();

        List<RecordedRequest> claimWrites = vault.requests().stream()
                .filter(r -> r.method().equals("POST") && r.vaultPath().contains("/_claims/"))
                .toList();
        assertThat(claimWrites)
                .singleElement()
                .extracting(RecordedRequest::vaultPath)
                .isEqualTo("secret/data/saas-connect/connections/_claims/nightly/github/"
                        + vaultStore.layout().digest(id));
        assertThat(vault.requests()).noneMatch(r -> r.vaultPath().contains("alice"));
    }
}
