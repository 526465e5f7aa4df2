package io.github.saasconnect.store.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.store.PendingAuthorization;
import io.github.saasconnect.store.PendingAuthorizationStore;
import io.github.saasconnect.store.tck.PendingAuthorizationStoreContract;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.vault.Capability;
import io.github.saasconnect.testkit.vault.RecordedRequest;
import io.github.saasconnect.testkit.vault.VaultPolicy;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The pending-authorization contract for the Vault store, across two instances (separate clients) on one Vault
 * test server, with a token that holds only the token store's and the pending folder's policy.
 */
class VaultPendingAuthorizationStoreTest extends PendingAuthorizationStoreContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TOKEN = "store-and-pending";
    private static final VaultPolicy POLICY = TestVaultClients.STORE_POLICY
            .allow("secret/data/saas-connect/pending/*", Capability.CREATE, Capability.READ, Capability.UPDATE)
            .allow("secret/metadata/saas-connect/pending/*", Capability.DELETE, Capability.LIST);

    private final MutableClock clock = MutableClock.at(NOW);
    private VaultTestServer vault;

    @Override
    protected PendingAuthorizationStore createStore() {
        vault = VaultTestServer.start(VaultTestServer.options().token(TOKEN, POLICY));
        return instance();
    }

    @Override
    protected PendingAuthorizationStore secondInstance() {
        return instance();
    }

    private VaultPendingAuthorizationStore instance() {
        VaultTokenStore tokens = VaultTokenStore.builder(TestVaultClients.reactive(vault.uri(), TOKEN))
                .build();
        return VaultPendingAuthorizationStore.besides(tokens, clock);
    }

    @AfterEach
    void stopVault() {
        vault.close();
    }

    @Test
    void anEntryLivesAtTheDigestOfTheStateBesideTheConnectionsAndNoPathShowsTheState() {
        PendingAuthorization saved = pending("the-state-value", "alice", Secret.of("verifier"));

        store.save(saved).block(TIMEOUT);

        assertThat(((VaultPendingAuthorizationStore) store).layout().prefix()).isEqualTo("saas-connect/pending");
        assertThat(vault.readCurrent("saas-connect/pending/" + saved.key()))
                .hasValueSatisfying(data -> assertThat(data)
                        .containsEntry("code_verifier", "verifier")
                        .containsEntry("owner", "alice"));
        assertThat(vault.requests())
                .extracting(RecordedRequest::vaultPath)
                .allSatisfy(p -> assertThat(p).doesNotContain("the-state-value").doesNotContain("alice"));
        assertThat(vault.requests())
                .allSatisfy(r ->
                        assertThat(r.casPresent() || !r.method().equals("POST")).isTrue());
    }

    @Test
    void takeLeavesNothingBehindInVault() {
        PendingAuthorization saved = pending("state", "alice", Secret.of("verifier"));
        store.save(saved).block(TIMEOUT);
        vault.clearRequests();

        assertThat(store.take(saved.key()).block(TIMEOUT)).isNotNull();

        assertThat(vault.currentVersion("saas-connect/pending/" + saved.key())).isZero();
        assertThat(vault.requests())
                .extracting(r -> r.method() + " " + r.vaultPath().replace(saved.key(), "{key}"))
                .containsExactly(
                        "GET secret/data/saas-connect/pending/{key}",
                        "POST secret/data/saas-connect/pending/{key}",
                        "DELETE secret/metadata/saas-connect/pending/{key}");
    }

    @Test
    void entriesNeverTakenAreSweptAfterTheyExpire() {
        PendingAuthorization abandoned = pending("abandoned", "alice", Secret.of("v1"));
        store.save(abandoned).block(TIMEOUT);
        clock.advance(Duration.ofMinutes(30));
        PendingAuthorization fresh = new PendingAuthorization(
                PendingAuthorization.keyOf("fresh"),
                ConnectionId.of("github", "bob"),
                URI.create("https://app.example/cb"),
                "/",
                Secret.of("v2"),
                clock.instant(),
                clock.instant().plus(Duration.ofMinutes(10)));

        store.save(fresh).block(TIMEOUT);

        vault.awaitRequest(r -> r.method().equals("DELETE"), TIMEOUT);
        assertThat(vault.currentVersion("saas-connect/pending/" + abandoned.key()))
                .isZero();
        assertThat(store.take(fresh.key()).block(TIMEOUT)).isNotNull();
    }

    @Test
    void aTokenWithoutThePendingPolicyGetsTheErrorNamingIt() {
        VaultTokenStore tokens = VaultTokenStore.builder(TestVaultClients.reactive(vault.uri(), "nope"))
                .build();
        VaultPendingAuthorizationStore denied = VaultPendingAuthorizationStore.besides(tokens, clock);

        StepVerifier.create(denied.save(pending("s", "alice", null)))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(VaultStoreMisconfiguredException.class)
                        .hasMessageContaining("pending-authorization store's save")
                        .hasMessageContaining("path \"secret/data/saas-connect/pending/*\""))
                .verify(TIMEOUT);
    }

    @Test
    void aSealedVaultIsStoreUnavailable() {
        vault.seal();

        StepVerifier.create(store.take(PendingAuthorization.keyOf("x")))
                .expectError(io.github.saasconnect.failure.StoreUnavailableException.class)
                .verify(TIMEOUT);
    }
}
